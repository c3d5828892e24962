import type {
  Cache,
  Clock,
  EventBus,
  Instrumentation,
  RateLimiter,
  RetryPolicyInput,
} from "@contexten/core";
import type { Environment } from "@contexten/core/adapter";
import type { GitHubIntegrationConfigInput } from "./github-config";

/**
 * Options of `createGitHubClient`: the `GitHubIntegrationConfig` fields (token or App
 * credentials, `baseUrl`, rate-limit, cache, timeout and retry settings; unset ones are
 * read from `GITHUB_*` environment variables) plus injected collaborators. Share one
 * `limiter` (and `cache`) between clients that use the same credentials.
 */
export interface GitHubClientOptions extends GitHubIntegrationConfigInput {
  /**
   * Rate limiter; the client registers GitHub's rules on it (`githubRateLimitProfile` with
   * this config's budget) unless it has some. Default a `UnifiedRateLimiter` with them.
   */
  limiter?: RateLimiter | undefined;
  /** ETag cache for GETs; default a `MemoryCache` with `cacheTtlSeconds`. `false` disables caching. */
  cache?: Cache | false | undefined;
  /** Retry policy; default `retryAttempts` attempts from `retryBackoffSeconds`. */
  retryPolicy?: RetryPolicyInput | undefined;
  /** Receives `onApiRequest` and `onRateLimitWait`. */
  instrumentation?: Instrumentation | undefined;
  /** Receives `rate-limit` events. */
  eventBus?: EventBus | undefined;
  /** Time source for pacing, backoff, token expiry and polling; default the system clock. */
  clock?: Clock | undefined;
  /**
   * A rate limit asking to wait longer than this fails with `RateLimitError` instead of
   * waiting, ms. Default 15 minutes. Lower it where a caller cannot wait (an HTTP request
   * handler), raise it for batch jobs.
   */
  maxRateLimitWaitMs?: number | undefined;
  /** Random numbers in [0, 1) for retry jitter; default `Math.random`. */
  random?: (() => number) | undefined;
  /** The fetch every request ends in; default the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Prepended to Octokit's user agent. */
  userAgent?: string | undefined;
  /** Environment to read `GITHUB_*` variables from; default `process.env`. */
  env?: Environment | undefined;
  /** GitHub App: refresh the installation token this long before it expires; default 5 minutes. */
  tokenRefreshMarginMs?: number | undefined;
  /** `owner/repo` used when a call names no repository (issue tracker, `#42` references). */
  defaultRepository?: string | undefined;
}
