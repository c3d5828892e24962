import type {
  Cache,
  Clock,
  EventBus,
  Instrumentation,
  RateLimiter,
  RetryPolicyInput,
} from "@contexten/core";
import type { Environment } from "@contexten/core/adapter";
import type { LinearIntegrationConfigInput } from "./linear-config";

/**
 * Options of {@link createLinearClient}: the Linear config (`apiKey`, `apiUrl`,
 * budgets, timeouts, cache TTL; read from `LINEAR_*` environment variables when absent)
 * plus the collaborators a host may inject. Everything injected is optional; defaults
 * are created per client.
 */
export interface LinearClientOptions extends LinearIntegrationConfigInput {
  /**
   * Rate limiter shared with other clients. Default: a `UnifiedRateLimiter` with the
   * Linear profile built from `rateLimitRequests`, `rateLimitComplexity` and
   * `rateLimitWindowSeconds`. The client registers that profile on an injected limiter
   * unless the limiter has one for `linear` already.
   */
  limiter?: RateLimiter | undefined;
  /** Cache for resolved teams, workflow states, labels and users. Default: a `MemoryCache`. */
  cache?: Cache | undefined;
  /** Receives `onApiRequest` per GraphQL call and `onRateLimitWait` per wait. */
  instrumentation?: Instrumentation | undefined;
  /** Receives `rate-limit` events. */
  eventBus?: EventBus | undefined;
  /** Time source for pacing, backoff and cache expiry. Default: the system clock. */
  clock?: Clock | undefined;
  /** The `fetch` requests go out with (wrapped by core's resilient fetch). Default: global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Retry policy; `maxAttempts` defaults to the config's `retryAttempts`. */
  retryPolicy?: RetryPolicyInput | undefined;
  /** Complexity points charged up front per request until `X-Complexity` settles it. Default 100. */
  complexityEstimate?: number | undefined;
  /**
   * A rate limit asking to wait longer than this fails with `RateLimitError` instead of
   * waiting, ms. Default 15 minutes.
   */
  maxRateLimitWaitMs?: number | undefined;
  /** Random numbers in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: (() => number) | undefined;
  /** Environment to read `LINEAR_*` variables from. Default `process.env`. */
  env?: Environment | undefined;
}
