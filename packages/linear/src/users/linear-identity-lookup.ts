import type { LinearClient } from "../client/linear-client";

/**
 * Finds a Linear user's id by email address with one `users(filter: { email })` query
 * (case-insensitive); undefined when nobody in the workspace has that address. Errors
 * (authentication, rate limits past the retries) are thrown as the client's errors.
 * Hand it to a notification router as `lookups: { linear: linearIdentityLookup(client) }`
 * so a Linear event that names someone by user id reaches the configured person with
 * that email.
 */
export function linearIdentityLookup(
  client: LinearClient,
): (email: string) => Promise<string | undefined> {
  return async (email) => {
    const page = await client.sdk.users({ filter: { email: { eqIgnoreCase: email } }, first: 1 });
    return page.nodes[0]?.id;
  };
}
