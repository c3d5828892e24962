import type { BucketSnapshot, ChargeReceipt } from "./rate-limit-backend";
import type { HeaderInput } from "./rate-limit-headers";
import type { OperationKind, RateLimitProfile } from "./rate-limit-profile";

/** Options of {@link RateLimiter.acquire}. */
export interface AcquireOptions {
  /** Units to take from the resource's primary budget (GraphQL points, Linear complexity); default 1. */
  cost?: number | undefined;
  /** What the request does; mutations cost more on some platforms. Default `read`. */
  kind?: OperationKind | undefined;
  /** Gives up waiting: the promise rejects with the signal's reason and the place in line is freed. */
  signal?: AbortSignal | undefined;
  /**
   * Retries a request the platform refused for rate limiting (429 + `Retry-After`): it
   * re-enters the resource's queue at the front instead of the back, so it keeps its place
   * ahead of requests that queued while it was out. Retries are served in the order they
   * re-enter, before every other waiter. Usually combined with `notBefore`.
   */
  retry?: boolean | undefined;
  /**
   * Takes no budget before this time, epoch ms (e.g. the end of the platform's
   * `Retry-After`). While this caller is first in line, those behind it wait too, so order
   * is kept. The time until `notBefore` is not counted or reported as a rate-limit wait:
   * the caller chose it.
   */
  notBefore?: number | undefined;
}

/** Budget taken by {@link RateLimiter.acquire}. */
export interface RateLimitGrant {
  /** Platform. */
  readonly platform: string;
  /** Resource. */
  readonly resource: string;
  /** Units asked for. */
  readonly cost: number;
  /** How long the caller waited for the budget, ms. */
  readonly waitedMs: number;
  /** What was taken from each bucket (for backends and {@link RateLimiter.update}). */
  readonly receipts: readonly ChargeReceipt[];
  /**
   * Gives the budget back because the platform did not count the request (a 304, a
   * connection refused before sending). Safe to call more than once.
   */
  refund(): Promise<void>;
}

/** Options of {@link RateLimiter.update}. */
export interface RateLimitUpdateOptions {
  /** The grant the response belongs to, so a reported actual cost can settle its estimate. */
  grant?: RateLimitGrant | undefined;
  /** A pause the caller derived itself (e.g. from a GraphQL `RATELIMITED` error), ms. */
  retryAfterMs?: number | undefined;
}

/** One bucket in a {@link RateLimitStatus}. */
export interface RateLimitBucketStatus extends BucketSnapshot {
  /** Bucket name within the platform, e.g. `core`, `secondary-rest`. */
  name: string;
}

/** What is left for a resource. */
export interface RateLimitStatus {
  /** Platform. */
  platform: string;
  /** Resource. */
  resource: string;
  /** Units left in the resource's primary bucket (the first it draws from). */
  remaining: number;
  /** When the primary bucket resets, epoch ms. */
  resetAt: number | undefined;
  /** A platform-imposed pause on any of the resource's buckets ends at this time, epoch ms. */
  blockedUntil: number | undefined;
  /** Every bucket the resource draws from. */
  buckets: RateLimitBucketStatus[];
}

/**
 * Keeps outbound calls under each platform's limits, proactively: requests wait for budget
 * instead of being refused by the platform. Waiters for the same resource are served in
 * arrival order.
 */
export interface RateLimiter {
  /**
   * Adds a platform's rules unless the limiter has some for it already (profiles given
   * when it was made win). Platform clients call it with their own profile, so one limiter
   * shared by the GitHub, Slack and Linear clients knows each of them. Optional: a limiter
   * that needs no profiles leaves it out.
   */
  registerProfile?(profile: RateLimitProfile): void;
  /** Waits until `resource` has budget for the request, then takes it. */
  acquire(platform: string, resource: string, options?: AcquireOptions): Promise<RateLimitGrant>;
  /**
   * Corrects the budget from a response's headers, as the platform's profile reads them
   * (`readHeaders`), and pauses the buckets a `Retry-After` names.
   */
  update(
    platform: string,
    resource: string,
    headers: HeaderInput,
    options?: RateLimitUpdateOptions,
  ): Promise<void>;
  /** What is left for a resource. */
  getRemaining(platform: string, resource: string): Promise<RateLimitStatus>;
  /** Waits until `resource` has budget again, without taking any. */
  waitForReset(
    platform: string,
    resource: string,
    options?: { signal?: AbortSignal },
  ): Promise<void>;
  /**
   * Acquires budget, then runs `task` within the platform's concurrency cap (GitHub: 100
   * requests in flight). Budget is refunded if the task never started.
   */
  schedule<T>(
    platform: string,
    resource: string,
    task: (grant: RateLimitGrant) => Promise<T> | T,
    options?: AcquireOptions,
  ): Promise<T>;
}
