// Every public entry resolves under `module: node16` with its types: the main entries and
// the `./testing` helpers, which must not need vitest (the project does not install it).
import * as core from "@contexten/core";
import * as coreTesting from "@contexten/core/testing";
import * as github from "@contexten/github";
import * as githubTesting from "@contexten/github/testing";
import * as linear from "@contexten/linear";
import * as linearTesting from "@contexten/linear/testing";
import * as slack from "@contexten/slack";
import * as slackTesting from "@contexten/slack/testing";
import * as storage from "@contexten/storage-postgres";

export const entries = {
  core: core.createWebhookHandler,
  coreTesting: coreTesting.startFakePlatformServer,
  github: github.githubWebhooks,
  githubTesting: githubTesting.signGitHubWebhook,
  linear: linear.linearWebhooks,
  linearTesting: linearTesting.signLinearWebhook,
  slack: slack.slackWebhooks,
  slackTesting: slackTesting.createSlackEventRequest,
  storage: storage.createPostgresStore,
};
