import type { FakeResponse } from "@contexten/core/testing";

/**
 * Ready-made GitHub faults for `server.fail(…)` of core's fake platform server kit
 * (`startFakePlatformServer`, `startFakeTimeHarness` from `@contexten/core/testing`), next
 * to core's generic `faults` (server errors, 429s, connection resets).
 *
 * @example
 * harness.server.fail(githubFaults.secondaryRateLimit(30), { times: 1 });
 */
export const githubFaults = {
  /**
   * GitHub's secondary rate limit as GitHub answers it: 403 "You have exceeded a secondary
   * rate limit" with `Retry-After` in seconds. Omit `retryAfterSeconds` to send no
   * `Retry-After` header, as GitHub sometimes does (clients should then wait a minute).
   */
  secondaryRateLimit: (retryAfterSeconds?: number): FakeResponse => ({
    status: 403,
    headers: retryAfterSeconds === undefined ? {} : { "retry-after": retryAfterSeconds },
    json: {
      message:
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    },
  }),
} as const;
