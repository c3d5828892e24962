// Every public entry resolves under `module: node16` with its types: the main entries, core's
// `./adapter` and `./schemas`, and the `./testing` helpers, which must not need vitest (the
// project does not install it).
import * as analysis from "@contexten/analysis";
import * as api from "@contexten/api";
import * as core from "@contexten/core";
import * as coreAdapter from "@contexten/core/adapter";
import * as coreSchemas from "@contexten/core/schemas";
import * as coreTesting from "@contexten/core/testing";
import * as email from "@contexten/email";
import * as github from "@contexten/github";
import * as githubTesting from "@contexten/github/testing";
import * as lineagePage from "@contexten/lineage-page";
import * as linear from "@contexten/linear";
import * as linearTesting from "@contexten/linear/testing";
import * as notifications from "@contexten/notifications";
import * as otel from "@contexten/otel";
import * as prometheus from "@contexten/prometheus";
import * as redis from "@contexten/redis";
import * as slack from "@contexten/slack";
import * as slackTesting from "@contexten/slack/testing";
import * as storage from "@contexten/storage-postgres";
import * as workflows from "@contexten/workflows";

export const entries = {
  analysis: analysis.analyzePullRequest,
  api: api.createContextenApi,
  core: core.createWebhookHandler,
  coreAdapter: coreAdapter.buildEvent,
  coreSchemas: coreSchemas.correlatedEventSchema,
  coreTesting: coreTesting.startFakePlatformServer,
  email: email.createEmailNotifier,
  github: github.githubWebhooks,
  githubTesting: githubTesting.signGitHubWebhook,
  linear: linear.linearWebhooks,
  linearTesting: linearTesting.signLinearWebhook,
  lineagePage: lineagePage.createLineagePage,
  notifications: notifications.createNotificationRouter,
  otel: otel.createOpenTelemetryInstrumentation,
  prometheus: prometheus.createPrometheusInstrumentation,
  redis: redis.createRedisState,
  slack: slack.slackWebhooks,
  slackTesting: slackTesting.createSlackEventRequest,
  storage: storage.createPostgresStore,
  workflows: workflows.createWorkflowEngine,
};

// `@ast-grep/lang-python` is an optional peer this project does not install: a Python file
// degrades to the secret scan with a note naming the package, whatever the module system.
analysis
  .analyzeChangedFiles([{ path: "app/run.py", status: "added", headContent: "eval(source)\n" }])
  .then((result) => {
    const notes = result.notes.map((note) => `${note.code}: ${note.message}`);
    if (
      notes.length !== 1 ||
      !notes[0]!.startsWith("parser-unavailable: ") ||
      !notes[0]!.includes("npm install @ast-grep/lang-python") ||
      result.security.length !== 0
    ) {
      throw new Error(`Python without its grammar gave ${JSON.stringify(notes)}`);
    }
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
