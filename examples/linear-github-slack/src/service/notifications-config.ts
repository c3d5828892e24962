import { readFile } from "node:fs/promises";
import { ConfigurationError } from "@contexten/core";
import { DEFAULT_NOTIFICATION_RULES, type ServiceNotificationsOptions } from "./notifications";

/**
 * Reads the notification routing from the environment: `NOTIFICATIONS_FILE` (JSON with
 * `rules` and `people`; the default rules when `rules` is absent) and, with `SMTP_HOST`,
 * email through that server (`SMTP_PORT`, `SMTP_USER`, `SMTP_PASSWORD`, `EMAIL_FROM`).
 * Undefined when neither is set: the service then sends only its workflow's Slack thread.
 */
export async function readNotificationsConfig(
  env: Record<string, string | undefined>,
): Promise<ServiceNotificationsOptions | undefined> {
  const file = env.NOTIFICATIONS_FILE;
  if (!file && !env.SMTP_HOST) return undefined;
  let config: Partial<ServiceNotificationsOptions> = {};
  if (file) {
    try {
      config = JSON.parse(await readFile(file, "utf8")) as Partial<ServiceNotificationsOptions>;
    } catch (error) {
      throw new ConfigurationError({
        message: `NOTIFICATIONS_FILE ${file} could not be read as JSON: fix the file or unset NOTIFICATIONS_FILE.`,
        cause: error,
      });
    }
  }
  return {
    rules: config.rules ?? DEFAULT_NOTIFICATION_RULES,
    people: config.people ?? [],
    ...(env.SMTP_HOST ? { email: { env } } : {}),
  };
}
