// Compiled by the TypeScript consumer project with `strict` and
// `exactOptionalPropertyTypes`: apps pass values that may be undefined (environment
// variables above all) to optional options, so every exported options type must accept
// an explicit `undefined` for each optional property. Type-checked only, never run.
import type {
  CorrelationEngineOptions,
  EventLineageOptions,
  EventQuery,
  LineageOptions,
  ReadOptions,
  WebhookHandlerOptions,
} from "@contexten/core";
import { createCorrelationEngine, createWebhookHandler, MemoryEventStore } from "@contexten/core";
import {
  createGitHubClient,
  createGitHubIssueTracker,
  type GitHubClientOptions,
  type GitHubIssueTrackerOptions,
  type GitHubWebhooksOptions,
  githubWebhooks,
} from "@contexten/github";
import {
  createLinearClient,
  createLinearIssueTracker,
  type LinearClientOptions,
  type LinearIssueTrackerOptions,
  type LinearWebhooksOptions,
  linearWebhooks,
} from "@contexten/linear";
import {
  createSlackClient,
  createSlackIntegration,
  createSlackNotifier,
  type SlackClientOptions,
  type SlackIntegrationOptions,
  type SlackNotifierOptions,
  type SlackSocketModeOptions,
  type SlackWebhooksOptions,
  slackWebhooks,
} from "@contexten/slack";
import { createPostgresStore, type PostgresStoreOptions } from "@contexten/storage-postgres";

/** The optional keys of `T` that refuse an explicit `undefined` (`never` when none do). */
type RefusesUndefined<T> = {
  [K in keyof T]-?: Partial<Pick<T, K>> extends Pick<T, K>
    ? { [P in K]: undefined } extends Pick<T, K>
      ? never
      : K
    : never;
}[keyof T];

/** Compiles only when every optional key of `T` takes `undefined`; the error names the key. */
function acceptsUndefined<T>(
  _ok: [RefusesUndefined<T>] extends [never] ? true : RefusesUndefined<T>,
) {}

acceptsUndefined<GitHubWebhooksOptions>(true);
acceptsUndefined<SlackWebhooksOptions>(true);
acceptsUndefined<LinearWebhooksOptions>(true);
acceptsUndefined<PostgresStoreOptions>(true);
acceptsUndefined<GitHubClientOptions>(true);
acceptsUndefined<SlackClientOptions>(true);
acceptsUndefined<LinearClientOptions>(true);
acceptsUndefined<WebhookHandlerOptions>(true);
acceptsUndefined<CorrelationEngineOptions>(true);
acceptsUndefined<GitHubIssueTrackerOptions>(true);
acceptsUndefined<LinearIssueTrackerOptions>(true);
acceptsUndefined<SlackNotifierOptions>(true);
acceptsUndefined<SlackIntegrationOptions>(true);
acceptsUndefined<SlackSocketModeOptions>(true);
acceptsUndefined<EventQuery>(true);
acceptsUndefined<ReadOptions>(true);
acceptsUndefined<LineageOptions>(true);
acceptsUndefined<EventLineageOptions>(true);

/** What apps write: configuration straight from the environment. */
export function configureFromEnvironment() {
  const env = process.env;
  const store = createPostgresStore({
    connectionString: env.DATABASE_URL,
    schema: env.CONTEXTEN_SCHEMA,
  });
  const github = createGitHubClient({
    token: env.GITHUB_TOKEN,
    baseUrl: env.GITHUB_API_URL,
    defaultRepository: env.GITHUB_REPOSITORY,
  });
  const slack = createSlackClient({
    botToken: env.SLACK_BOT_TOKEN,
    slackApiUrl: env.SLACK_API_URL,
  });
  const linear = createLinearClient({ apiKey: env.LINEAR_API_KEY, apiUrl: env.LINEAR_API_URL });
  return {
    handler: createWebhookHandler({
      sources: [
        githubWebhooks({ secret: env.GITHUB_WEBHOOK_SECRET }),
        slackWebhooks({ signingSecret: env.SLACK_SIGNING_SECRET }),
        linearWebhooks({ secret: env.LINEAR_WEBHOOK_SECRET }),
      ],
      store: new MemoryEventStore(),
    }),
    engine: createCorrelationEngine({ store }),
    trackers: [
      createGitHubIssueTracker({
        token: env.GITHUB_TOKEN,
        defaultRepository: env.GITHUB_REPOSITORY,
      }),
      createLinearIssueTracker({ client: linear, defaultTeam: env.LINEAR_TEAM }),
    ],
    notifier: createSlackNotifier({ client: slack }),
    slack: createSlackIntegration({ botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN }),
    github,
  };
}
