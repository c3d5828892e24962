import type {
  Cache,
  Clock,
  EventBus,
  Instrumentation,
  RateLimiter,
  RetryPolicyInput,
} from "@contexten/core";
import type { Environment } from "@contexten/core/adapter";
import type { SlackIntegrationConfigInput } from "./slack-config";
import type { SlackTier } from "./slack-rate-limits";

/**
 * Options of {@link createSlackClient}: the Slack config (explicit values win over the
 * environment variables `SLACK_BOT_TOKEN`, `SLACK_APP_TOKEN`, `SLACK_SIGNING_SECRET`,
 * `SLACK_API_URL`) plus the pieces a host may inject.
 */
export interface SlackClientOptions extends SlackIntegrationConfigInput {
  /** Environment to read defaults from; defaults to `process.env`. */
  env?: Environment | undefined;
  /** Metrics hooks: every API request and every rate-limit wait is reported. */
  instrumentation?: Instrumentation | undefined;
  /**
   * Rate limiter shared with other clients; the client registers Slack's rules on it
   * (`slackRateLimitProfile`) unless it has some. Defaults to a `UnifiedRateLimiter` with
   * Slack's rules: method tiers, one message a second per channel, the app-wide ceiling.
   */
  limiter?: RateLimiter | undefined;
  /** Response cache (Slack's Web API is all POSTs, so nothing is cached by default). */
  cache?: Cache | undefined;
  /** The fetch that finally sends requests; defaults to the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Time source for pacing, backoff and latency; defaults to the system clock. */
  clock?: Clock | undefined;
  /** Receives `rate-limit` events. */
  eventBus?: EventBus | undefined;
  /** Retry policy; defaults to `retryAttempts` attempts with exponential backoff from 1 s. */
  retryPolicy?: RetryPolicyInput | undefined;
  /**
   * A rate limit asking to wait longer than this fails with `RateLimitError` instead of
   * waiting, ms. Default 15 minutes. Lower it where a caller cannot wait (an HTTP request
   * handler), raise it for batch jobs.
   */
  maxRateLimitWaitMs?: number | undefined;
  /** Random numbers in [0, 1) for backoff jitter (inject in tests). */
  random?: (() => number) | undefined;
  /** Method tiers to add or correct in Slack's rules, e.g. `{ "conversations.history": 1 }`. */
  tiers?: Readonly<Record<string, SlackTier>> | undefined;
}
