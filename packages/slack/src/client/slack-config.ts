import { type ConfigReader, clientConfigFields, configReader } from "@contexten/core/adapter";
import { z } from "zod";

/** Slack integration settings, with documented defaults. */
export const slackIntegrationConfigSchema = z.object({
  /** Bot token (`xoxb-…`). Env: `SLACK_BOT_TOKEN`. */
  botToken: z.string().min(1).optional(),
  /** App-level token for Socket Mode (`xapp-…`). Env: `SLACK_APP_TOKEN`. */
  appToken: z.string().min(1).optional(),
  /** Signing secret(s) for inbound requests; comma-separated for rotation. Env: `SLACK_SIGNING_SECRET`. */
  signingSecret: z.string().min(1).optional(),
  /** Receive events over Socket Mode instead of HTTP. */
  socketMode: z.boolean().default(true),
  /** Web API base URL, ending in `/`. Env: `SLACK_API_URL`. */
  slackApiUrl: z.string().url().default("https://slack.com/api/"),
  // 100 requests a minute across methods, a ceiling on top of the per-method tiers; cached
  // reads (users, channels) stay fresh a minute.
  ...clientConfigFields({
    rateLimitRequests: 100,
    rateLimitWindowSeconds: 60,
    cacheTtlSeconds: 60,
  }),
});

/** See {@link slackIntegrationConfigSchema}. */
export type SlackIntegrationConfig = z.output<typeof slackIntegrationConfigSchema>;

/** Input form of {@link SlackIntegrationConfig}. */
export type SlackIntegrationConfigInput = z.input<typeof slackIntegrationConfigSchema>;

/** Environment variables read by {@link resolveSlackConfig}. */
export const SLACK_ENVIRONMENT = {
  botToken: "SLACK_BOT_TOKEN",
  appToken: "SLACK_APP_TOKEN",
  signingSecret: "SLACK_SIGNING_SECRET",
  slackApiUrl: "SLACK_API_URL",
} as const;

/**
 * Builds a validated Slack config from options, falling back to the environment
 * variables in {@link SLACK_ENVIRONMENT}. Throws `ConfigurationError` when invalid.
 */
export const resolveSlackConfig: ConfigReader<typeof slackIntegrationConfigSchema> = configReader({
  schema: slackIntegrationConfigSchema,
  platform: "slack",
  bindings: SLACK_ENVIRONMENT,
});
