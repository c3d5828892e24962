import { ApiCallError } from "@contexten/core";
import type { SlackClient } from "../client/slack-client";

/**
 * Finds a Slack member's user id by email address with `users.lookupByEmail` (needs the
 * `users:read.email` scope); undefined when no member has that address. Other errors
 * (a missing scope, rate limits past the retries) are thrown as the client's errors.
 * Hand it to a notification router as `lookups: { slack: slackIdentityLookup(client) }`.
 */
export function slackIdentityLookup(
  client: SlackClient,
): (email: string) => Promise<string | undefined> {
  return async (email) => {
    try {
      const found = await client.request("users.lookupByEmail", (web) =>
        web.users.lookupByEmail({ email }),
      );
      return found.user?.id;
    } catch (error) {
      if (ApiCallError.isInstance(error) && error.platformCode === "users_not_found") {
        return undefined;
      }
      throw error;
    }
  };
}
