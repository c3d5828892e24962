import { type Environment, readConfig } from "@contexten/core/adapter";
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
    /** Requests per window we allow ourselves: 4,500 of GitHub's 5,000/h, a 10% buffer. */
    rateLimitRequests: z.number().int().positive().default(4500),
    /** Rate-limit window in seconds (one hour). */
    rateLimitWindowSeconds: z.number().int().positive().default(3600),
    /** How long cached GET responses stay fresh, seconds. */
    cacheTtlSeconds: z.number().int().min(0).default(300),
    /** Per-request timeout, seconds. */
    timeoutSeconds: z.number().positive().default(30),
    /** Attempts per request including the first. */
    retryAttempts: z.number().int().min(1).default(3),
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
export function resolveGitHubConfig(
  input?: GitHubIntegrationConfigInput,
  env?: Environment,
): GitHubIntegrationConfig {
  return readConfig({
    schema: githubIntegrationConfigSchema,
    platform: "github",
    input,
    env,
    bindings: GITHUB_ENVIRONMENT,
  });
}
