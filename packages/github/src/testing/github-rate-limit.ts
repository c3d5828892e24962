import type { FakeBehaviour, FakeRequest } from "@contexten/core/testing";

/** Options of {@link githubRateLimit}. */
export interface GitHubRateLimitOptions {
  /** Requests per window; default 5,000. */
  limit?: number | undefined;
  /** Window length, ms; default one hour. */
  windowMs?: number | undefined;
  /** GitHub resource of a request; default `search` for `/search/*`, `graphql` for `/graphql`, else `core`. */
  resourceOf?: ((request: FakeRequest) => string) | undefined;
}

/** Counting state of one GitHub-style resource. */
export interface GitHubRateLimitWindow {
  /** Requests counted in the window. */
  used: number;
  /** When the window resets, epoch ms (whole seconds); undefined before the first request. */
  resetAt: number | undefined;
  /** Requests refused with 403 so far (all windows). */
  refused: number;
}

function defaultGitHubResource(request: FakeRequest): string {
  if (request.path.startsWith("/search/code")) return "code_search";
  if (request.path.startsWith("/search/")) return "search";
  if (request.path.endsWith("/graphql")) return "graphql";
  return "core";
}

/**
 * GitHub's primary rate limit: a window opens at the first request and resets
 * `windowMs` later (on a whole second, as `x-ratelimit-reset` is in seconds); every
 * response carries `x-ratelimit-limit/-remaining/-reset/-used/-resource`; 304s are not
 * counted; once the window is used up, requests get 403 "API rate limit exceeded" with
 * `x-ratelimit-remaining: 0`. `windows` exposes the counts for assertions.
 *
 * A behaviour for core's fake platform server kit (`startFakePlatformServer`,
 * `startFakeTimeHarness` from `@contexten/core/testing`); `startFakeGitHubServer` applies
 * it by itself.
 *
 * @example
 * const rateLimit = githubRateLimit({ limit: 100 });
 * harness.server.use(rateLimit).use(conditionalGet());
 * // … after the client ran:
 * expect(rateLimit.windows.get("core")?.used).toBe(3);
 */
export function githubRateLimit(
  options: GitHubRateLimitOptions = {},
): FakeBehaviour & { windows: Map<string, GitHubRateLimitWindow> } {
  const limit = options.limit ?? 5_000;
  const windowMs = options.windowMs ?? 3_600_000;
  const resourceOf = options.resourceOf ?? defaultGitHubResource;
  const windows = new Map<string, GitHubRateLimitWindow>();
  const behaviour: FakeBehaviour = async (request, next, { clock }) => {
    const resource = resourceOf(request);
    const now = clock.now();
    let window = windows.get(resource);
    if (!window) {
      window = { used: 0, resetAt: undefined, refused: 0 };
      windows.set(resource, window);
    }
    if (window.resetAt !== undefined && now >= window.resetAt) {
      window.used = 0;
      window.resetAt = undefined;
    }
    const headersOf = (current: GitHubRateLimitWindow) => ({
      "x-ratelimit-limit": limit,
      "x-ratelimit-remaining": Math.max(0, limit - current.used),
      "x-ratelimit-reset": Math.ceil((current.resetAt ?? now + windowMs) / 1000),
      "x-ratelimit-used": current.used,
      "x-ratelimit-resource": resource,
    });
    if (window.used >= limit) {
      window.refused += 1;
      return {
        status: 403,
        headers: headersOf(window),
        json: {
          message: "API rate limit exceeded for installation.",
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        },
      };
    }
    const response = await next(request);
    if (response.status !== 304 && !response.reset) {
      window.resetAt ??= Math.ceil((now + windowMs) / 1000) * 1000;
      window.used += 1;
    }
    return { ...response, headers: { ...headersOf(window), ...response.headers } };
  };
  return Object.assign(behaviour, { windows });
}
