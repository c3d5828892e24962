import { type ConfigReader, clientConfigFields, configReader } from "@contexten/core/adapter";
import { z } from "zod";

/**
 * Linear integration settings. Linear's documented budgets per API key are 5,000
 * requests and 250,000 complexity points an hour, refilled continuously.
 */
export const linearIntegrationConfigSchema = z.object({
  /** Personal API key or OAuth access token. Env: `LINEAR_API_KEY`. */
  apiKey: z.string().min(1).optional(),
  /** Webhook signing secret(s); comma-separated for rotation. Env: `LINEAR_WEBHOOK_SECRET`. */
  webhookSecret: z.string().min(1).optional(),
  /** GraphQL endpoint. Env: `LINEAR_API_URL`. */
  apiUrl: z.string().url().default("https://api.linear.app/graphql"),
  /** Complexity points per window (`rateLimitWindowSeconds`) we allow ourselves (90% of 250,000/h). */
  rateLimitComplexity: z.number().int().positive().default(225_000),
  // 4,500 requests an hour (90% of Linear's 5,000); cached lookups (teams, states, labels)
  // stay fresh 5 minutes.
  ...clientConfigFields({
    rateLimitRequests: 4500,
    rateLimitWindowSeconds: 3600,
    cacheTtlSeconds: 300,
  }),
});

/** See {@link linearIntegrationConfigSchema}. */
export type LinearIntegrationConfig = z.output<typeof linearIntegrationConfigSchema>;

/** Input form of {@link LinearIntegrationConfig}. */
export type LinearIntegrationConfigInput = z.input<typeof linearIntegrationConfigSchema>;

/** Environment variables read by {@link resolveLinearConfig}. */
export const LINEAR_ENVIRONMENT = {
  apiKey: "LINEAR_API_KEY",
  webhookSecret: "LINEAR_WEBHOOK_SECRET",
  apiUrl: "LINEAR_API_URL",
} as const;

/**
 * Builds a validated Linear config from options, falling back to the environment
 * variables in {@link LINEAR_ENVIRONMENT}. Throws `ConfigurationError` when invalid.
 */
export const resolveLinearConfig: ConfigReader<typeof linearIntegrationConfigSchema> = configReader(
  {
    schema: linearIntegrationConfigSchema,
    platform: "linear",
    bindings: LINEAR_ENVIRONMENT,
  },
);
