import { type Environment, readConfig } from "@contexten/core/adapter";
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
  /** Requests per window across methods, a ceiling on top of per-method tiers. */
  rateLimitRequests: z.number().int().positive().default(100),
  /** Window for `rateLimitRequests`, seconds. */
  rateLimitWindowSeconds: z.number().int().positive().default(60),
  /** How long cached reads (users, channels) stay fresh, seconds. */
  cacheTtlSeconds: z.number().int().min(0).default(60),
  /** Per-request timeout, seconds. */
  timeoutSeconds: z.number().positive().default(30),
  /** Attempts per request including the first. */
  retryAttempts: z.number().int().min(1).default(3),
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
export function resolveSlackConfig(
  input?: SlackIntegrationConfigInput,
  env?: Environment,
): SlackIntegrationConfig {
  return readConfig({
    schema: slackIntegrationConfigSchema,
    platform: "slack",
    input,
    env,
    bindings: SLACK_ENVIRONMENT,
  });
}
