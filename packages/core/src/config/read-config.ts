import type { z } from "zod";
import { ConfigurationError } from "../errors/configuration-error";
import { toValidationIssues } from "../errors/parse-with-schema";

/** Environment variables as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Maps a config field to the environment variable that may supply it. */
export type EnvironmentBindings = Readonly<Record<string, string>>;

/**
 * Parses a config object with `schema`, filling fields that were not passed from the
 * environment variables in `bindings`. Explicit options always win over the environment.
 * Throws {@link ConfigurationError} listing every problem, naming both the option and its
 * variable ("token: set GITHUB_TOKEN or pass token").
 */
export function readConfig<Schema extends z.ZodType>(options: {
  schema: Schema;
  platform: string;
  input: Record<string, unknown> | undefined;
  env: Environment | undefined;
  bindings: EnvironmentBindings;
}): z.output<Schema> {
  const env = options.env ?? (typeof process === "undefined" ? {} : process.env);
  const merged: Record<string, unknown> = { ...(options.input ?? {}) };
  for (const [field, variable] of Object.entries(options.bindings)) {
    const fromEnv = env[variable];
    if (merged[field] === undefined && fromEnv !== undefined && fromEnv !== "") {
      merged[field] = fromEnv;
    }
  }
  const result = options.schema.safeParse(merged);
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error);
  const lines = issues.map((issue) => {
    const field = issue.path.split(".")[0] ?? "";
    const variable = options.bindings[field];
    const hint = variable ? ` (set ${variable} or pass ${field})` : "";
    return `  - ${issue.path || "(root)"}: ${issue.message}${hint}`;
  });
  throw new ConfigurationError({
    platform: options.platform,
    issues,
    message: `Invalid ${options.platform} configuration:\n${lines.join("\n")}`,
  });
}

/** A platform's config reader, made by {@link configReader}. */
export type ConfigReader<Schema extends z.ZodType> = (
  input?: z.input<Schema>,
  env?: Environment,
) => z.output<Schema>;

/**
 * A platform's config reader, `(input?, env?) => config`: {@link readConfig} with the
 * platform's schema and environment variables, so each adapter declares only those.
 *
 * @example
 * export const resolveGitHubConfig = configReader({
 *   schema: githubIntegrationConfigSchema,
 *   platform: "github",
 *   bindings: GITHUB_ENVIRONMENT,
 * });
 */
export function configReader<Schema extends z.ZodType>(options: {
  schema: Schema;
  platform: string;
  bindings: EnvironmentBindings;
}): ConfigReader<Schema> {
  return (input, env) =>
    readConfig({ ...options, input: input as Record<string, unknown> | undefined, env });
}

/** Splits a comma-separated secret list from an environment variable (for rotation). */
export function splitSecrets(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const list = typeof value === "string" ? value.split(",") : [...value];
  return list.map((secret) => secret.trim()).filter((secret) => secret.length > 0);
}
