import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, combineInstrumentation, type Instrumentation } from "@contexten/core";
import { startTestSmtpServer, type TestSmtpServer } from "@contexten/email/testing";
import { createGitHubClient, type GitHubClient } from "@contexten/github";
import {
  type FakeGitHubServer,
  type FakeGitHubServerOptions,
  startFakeGitHubServer,
} from "@contexten/github/testing";
import { createLinearClient } from "@contexten/linear";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "@contexten/linear/testing";
import type { PrometheusInstrumentation } from "@contexten/prometheus";
import { createSlackClient } from "@contexten/slack";
import { type FakeSlackServer, startFakeSlackServer } from "@contexten/slack/testing";
import { type ContextenService, createContextenService } from "../service/create-service";
import { createServiceStorage, type ServiceStorage } from "../service/create-storage";
import { demoNotifications } from "./demo-notifications";
import type { StoryCast } from "./github-payloads";
import { createOutboundRecorder, type OutboundRecorder } from "./outbound-recorder";

/** Secrets the demo's platforms sign webhooks with. */
export const DEMO_SECRETS = {
  github: "demo-github-webhook-secret",
  slack: "demo-slack-signing-secret",
  linear: "demo-linear-webhook-secret",
} as const;

/** The demo's API token (all scopes); send it as `Authorization: Bearer <token>`. */
export const DEMO_API_TOKEN = "demo-api-token-with-all-scopes";

/** The Slack channel notifications go to. */
export const DEMO_CHANNEL = { id: "C0ENGINEER", name: "eng" } as const;

/** The story's repository, people, branch and commits. */
export const DEMO_CAST: StoryCast = {
  repository: "acme/api",
  number: 42,
  author: "ada",
  reviewer: "grace",
  merger: "grace",
  branch: "eng-123-fix-login",
  headSha: "3f786850e387550fdab836ed7e6dc881de23001b",
  mergeSha: "89e6c98d92887913cadf06b2adb97f26cde4849b",
};

/** A running demo: three fake platforms, the service on loopback, and what it called. */
export interface DemoEnvironment {
  /** Base URL of the service, e.g. `http://127.0.0.1:54321`. */
  baseUrl: string;
  /** The composed service. */
  service: ContextenService;
  /** Its storage. */
  storage: ServiceStorage;
  /** The fake GitHub, Slack and Linear APIs the service's clients talk to. */
  fakes: { github: FakeGitHubServer; slack: FakeSlackServer; linear: FakeLinearServer };
  /** The service's GitHub client (its review summaries appear in the merge message). */
  github: GitHubClient;
  /** Every outbound API call the service made. */
  outbound: OutboundRecorder;
  /** The local SMTP peer that receives the service's email notifications. */
  smtp: TestSmtpServer;
  /** Stops everything. */
  close(): Promise<void>;
}

/** Options of {@link startDemoEnvironment}. */
export interface DemoEnvironmentOptions {
  /** PostgreSQL instead of PGlite. */
  databaseUrl?: string;
  /** PGlite folder (default in memory). */
  dataDirectory?: string;
  /** Schema for the store (default `contexten`). */
  schema?: string;
  /** Extra instrumentation (e.g. to count webhooks, or OpenTelemetry tracing). */
  instrumentation?: Instrumentation;
  /** Prometheus metrics, served at `/metrics`. */
  metrics?: PrometheusInstrumentation;
  /** Logger for errors nobody listens to. */
  logger?: Pick<Console, "error">;
}

/** Options of {@link startDemoFakes}. */
export interface DemoFakesOptions {
  /** Clock of the fakes (timestamps, rate-limit windows); default the system clock. */
  clock?: Clock;
  /** Extra options for the fake GitHub (e.g. `secondaryRateLimit: true`). */
  github?: Partial<FakeGitHubServerOptions>;
}

/**
 * Starts the story's fake GitHub, Slack and Linear on 127.0.0.1: the repository with its
 * pull request and approving review, the notification channel, and Linear issue ENG-123.
 */
export async function startDemoFakes(
  options: DemoFakesOptions = {},
): Promise<DemoEnvironment["fakes"]> {
  const clock = options.clock ? { clock: options.clock } : {};
  const cast = DEMO_CAST;
  const github = await startFakeGitHubServer({
    ...clock,
    ...options.github,
    repositories: [
      {
        fullName: cast.repository,
        labels: ["bug"],
        workflows: [{ path: "deploy.yml", name: "Deploy" }],
        // The reviewer owns the login code: she hears about the PR when it opens.
        contents: {
          main: { ".github/CODEOWNERS": `*  @acme/platform\nsrc/auth/**  @${cast.reviewer}\n` },
        },
        pullRequests: [
          {
            number: cast.number,
            title: "Fix login redirect loop",
            head: { ref: cast.branch, sha: cast.headSha },
            files: [
              { filename: "src/auth/login.ts", status: "modified", additions: 6, deletions: 2 },
            ],
            user: cast.author,
            reviews: [{ user: cast.reviewer, state: "APPROVED" }],
          },
        ],
      },
    ],
  });
  const slack = await startFakeSlackServer({ ...clock, channels: [DEMO_CHANNEL] });
  const linear = await startFakeLinearServer(clock);
  linear.state.addIssue({
    team: "ENG",
    number: 123,
    title: "Login redirects loop after SSO",
    description: "Users coming back from SSO land on /login again instead of their dashboard.",
    labels: ["Bug"],
    priority: 2,
  });

  return { github, slack, linear };
}

/**
 * Starts fake GitHub, Slack and Linear APIs on 127.0.0.1 (seeded with the story's
 * repository, PR, channel and Linear issue), opens storage, and serves the contexten
 * service on 127.0.0.1 with real clients pointed at the fakes. Nothing leaves loopback,
 * and no environment variable of the host leaks into the clients.
 */
export async function startDemoEnvironment(
  options: DemoEnvironmentOptions = {},
): Promise<DemoEnvironment> {
  const { github, slack, linear } = await startDemoFakes();
  const smtp = await startTestSmtpServer();

  const outbound = createOutboundRecorder();
  const instrumentation = options.instrumentation
    ? combineInstrumentation(outbound, options.instrumentation)
    : outbound;
  const storage = await createServiceStorage({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    dataDirectory: options.dataDirectory ?? "memory://",
    ...(options.schema ? { schema: options.schema } : {}),
  });
  const noEnvironment = {};
  const clientInstrumentation = options.metrics
    ? combineInstrumentation(instrumentation, options.metrics)
    : instrumentation;
  const githubClient = createGitHubClient({
    token: "demo-token",
    baseUrl: github.url,
    instrumentation: clientInstrumentation,
    env: noEnvironment,
  });
  const service = createContextenService({
    store: storage.store,
    runtime: storage.runtime,
    github: { webhookSecret: DEMO_SECRETS.github, client: githubClient },
    slack: {
      signingSecret: DEMO_SECRETS.slack,
      channel: DEMO_CHANNEL.id,
      client: createSlackClient({
        botToken: slack.botToken,
        slackApiUrl: slack.apiUrl,
        instrumentation: clientInstrumentation,
        env: noEnvironment,
      }),
    },
    linear: {
      webhookSecret: DEMO_SECRETS.linear,
      defaultTeam: "ENG",
      client: createLinearClient({
        apiKey: FAKE_LINEAR_API_KEY,
        apiUrl: linear.apiUrl,
        instrumentation: clientInstrumentation,
        env: noEnvironment,
      }),
    },
    notifications: demoNotifications(smtp),
    api: { tokens: [{ token: DEMO_API_TOKEN, scopes: ["admin"], name: "demo" }] },
    instrumentation,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });

  await service.start();
  const server: Server = createServer(
    (request, response) => void service.listener(request, response),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    service,
    storage,
    fakes: { github, slack, linear },
    github: githubClient,
    outbound,
    smtp,
    async close() {
      server.close();
      await once(server, "close");
      await service.stop();
      await storage.close();
      await Promise.all([github.close(), slack.close(), linear.close(), smtp.close()]);
    },
  };
}
