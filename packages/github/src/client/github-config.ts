import { type ConfigReader, clientConfigFields, configReader } from "@contexten/core/adapter";
import { z } from "zod";

/**
 * GitHub integration settings, with documented defaults. Authenticate with a
 * `token`, or as a GitHub App with `appId`, `privateKey` and `installationId`.
 */
export const githubIntegrationConfigSchema = z
  .object({
    /** Personal access or installation token. Env: `GITHUB_TOKEN`. */
    token: z.string().min(1).optional(),
    /** Secret(s) that sign webhooks; comma-separated for rotation. Env: `GITHUB_WEBHOOK_SECRET`. */
    webhookSecret: z.string().min(1).optional(),
    /** GitHub App id. Env: `GITHUB_APP_ID`. */
    appId: z.union([z.string().min(1), z.number().int().positive()]).optional(),
    /** GitHub App private key (PEM). Env: `GITHUB_PRIVATE_KEY`. */
    privateKey: z.string().min(1).optional(),
    /** GitHub App installation id. Env: `GITHUB_INSTALLATION_ID`. */
    installationId: z.coerce.number().int().positive().optional(),
    /** REST base URL (GitHub Enterprise: `https://host/api/v3`). Env: `GITHUB_API_URL`. */
    baseUrl: z.string().url().default("https://api.github.com"),
    // 4,500 requests an hour: a 10% buffer below GitHub's 5,000; GET responses cached 5 minutes.
    ...clientConfigFields({
      rateLimitRequests: 4500,
      rateLimitWindowSeconds: 3600,
      cacheTtlSeconds: 300,
    }),
    /** Base backoff between retries, seconds. */
    retryBackoffSeconds: z.number().min(0).default(1),
  })
  .refine((config) => config.appId === undefined || config.privateKey !== undefined, {
    message: "appId needs privateKey too (set GITHUB_PRIVATE_KEY or pass privateKey)",
    path: ["privateKey"],
  });

/** See {@link githubIntegrationConfigSchema}. */
export type GitHubIntegrationConfig = z.output<typeof githubIntegrationConfigSchema>;

/** Input form of {@link GitHubIntegrationConfig}. */
export type GitHubIntegrationConfigInput = z.input<typeof githubIntegrationConfigSchema>;

/** Environment variables read by {@link resolveGitHubConfig}. */
export const GITHUB_ENVIRONMENT = {
  token: "GITHUB_TOKEN",
  webhookSecret: "GITHUB_WEBHOOK_SECRET",
  appId: "GITHUB_APP_ID",
  privateKey: "GITHUB_PRIVATE_KEY",
  installationId: "GITHUB_INSTALLATION_ID",
  baseUrl: "GITHUB_API_URL",
} as const;

/**
 * Builds a validated GitHub config from options, falling back to the environment
 * variables in {@link GITHUB_ENVIRONMENT}. Throws `ConfigurationError` when invalid.
 */
export const resolveGitHubConfig: ConfigReader<typeof githubIntegrationConfigSchema> = configReader(
  {
    schema: githubIntegrationConfigSchema,
    platform: "github",
    bindings: GITHUB_ENVIRONMENT,
  },
);
