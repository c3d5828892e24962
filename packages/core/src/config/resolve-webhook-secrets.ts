import { ConfigurationError } from "../errors/configuration-error";
import { type Environment, splitSecrets } from "./read-config";

/** Options of {@link resolveWebhookSecrets}. */
export interface WebhookSecretsOptions {
  /** Platform id, e.g. `github`. */
  platform: string;
  /** The platform's name in the error message, e.g. `GitHub`. */
  name: string;
  /** The secret option's value: one secret, or several (a list or comma-separated) while rotating. */
  secret?: string | readonly string[] | undefined;
  /** The rotation list option's value: several secrets, newest first. */
  secrets?: string | readonly string[] | undefined;
  /** Environment to read `variable` from; default `process.env` where there is one. */
  env?: Environment | undefined;
  /** The environment variable holding the secret (comma-separated for rotation), e.g. `GITHUB_WEBHOOK_SECRET`. */
  variable: string;
  /** Names of the two options, for the error message; default `secret` and `secrets`. */
  optionNames?: readonly [single: string, rotation: string] | undefined;
  /** Where the platform shows the secret, appended to the error message. */
  whereToFind?: string | undefined;
}

/**
 * The secrets a webhook source verifies signatures with, found the same way for every
 * platform: the secret option and the rotation list together (each may hold a
 * comma-separated list), else the environment variable (comma-separated for rotation).
 * Blank entries are dropped and the order is kept (newest first), so any one of them
 * verifies a delivery. Throws `ConfigurationError` when there is none, worded the same for
 * every platform: "GitHub webhooks cannot be verified without a secret: set
 * GITHUB_WEBHOOK_SECRET or pass secret (or secrets while rotating)."
 */
export function resolveWebhookSecrets(options: WebhookSecretsOptions): string[] {
  const given = [...splitSecrets(options.secret), ...splitSecrets(options.secrets)];
  const secrets = given.length > 0 ? given : splitSecrets(environmentOf(options)[options.variable]);
  if (secrets.length > 0) return [...new Set(secrets)];
  const [single, rotation] = options.optionNames ?? ["secret", "secrets"];
  const hint = options.whereToFind ? ` ${options.whereToFind}` : "";
  throw new ConfigurationError({
    platform: options.platform,
    issues: [{ path: single, message: "Required" }],
    message: `${options.name} webhooks cannot be verified without a secret: set ${options.variable} or pass ${single} (or ${rotation} while rotating).${hint}`,
  });
}

function environmentOf(options: WebhookSecretsOptions): Environment {
  return options.env ?? (typeof process === "undefined" ? {} : process.env);
}
