/** A value, or a promise of it: backends may answer synchronously (memory) or not (Redis). */
export type MaybePromise<T> = T | Promise<T>;

/**
 * One bucket of budget, fully described so that a backend can create its state lazily
 * (a shared backend can do so inside an atomic script).
 */
export interface RateLimitBucket {
  /** Unique across platforms, e.g. `github:core`, `slack:channel:C123`. */
  key: string;
  /** Units (requests or points) per window. */
  limit: number;
  /** Window length, ms. */
  windowMs: number;
  /**
   * `window`: the whole budget comes back when the window resets (GitHub, Slack tiers);
   * within a window, spending is paced along a straight line so the budget lasts until the
   * reset. `continuous`: a token bucket refilled at `limit / windowMs` (Linear's leaky bucket).
   */
  refill: "window" | "continuous";
  /** Most units that may be spent at once ahead of the pace (the token bucket's capacity). */
  burst: number;
}

/** Units to take from one bucket. */
export interface BucketCharge {
  /** The bucket. */
  bucket: RateLimitBucket;
  /** Units to take; at least 0. */
  cost: number;
}

/** Proof of what a grant took from one bucket, used to give it back. */
export interface ChargeReceipt {
  /** The bucket charged. */
  bucket: RateLimitBucket;
  /** Units taken. In a refund, the units to give back (negative to charge more). */
  cost: number;
  /** Window the units were taken from (`window` buckets); refunds to a later window are dropped. */
  windowId?: number;
}

/** The answer to {@link RateLimitBackend.tryAcquire}. */
export type AcquireAttempt =
  | {
      /** Every charge was taken. */
      granted: true;
      /** What was taken, bucket by bucket. */
      receipts: ChargeReceipt[];
    }
  | {
      /** Nothing was taken. */
      granted: false;
      /** Earliest time, ms from now, at which trying again may succeed. */
      retryInMs: number;
      /** `retry-after` when a platform-imposed pause is the binding constraint. */
      limitedBy: "budget" | "retry-after";
      /** Key of the bucket that binds. */
      bucket: string;
    };

/** What a platform reported about a bucket, already scaled to our share of it. */
export interface BucketObservation {
  /** Budget per window we may use (platform limit × utilization, capped by our own). */
  limit?: number;
  /** Units we may still use in the current window. */
  remaining?: number;
  /** When the platform's window resets, epoch ms. */
  resetAt?: number;
  /** Take nothing from this bucket before this time, epoch ms (`Retry-After`). */
  blockedUntil?: number;
}

/** A bucket's state as reported by {@link RateLimitBackend.inspect}. */
export interface BucketSnapshot {
  /** Bucket key. */
  key: string;
  /** Budget per window currently in force. */
  limit: number;
  /**
   * Units left: in the current window for `window` buckets; spendable right now for
   * `continuous` ones.
   */
  remaining: number;
  /** When the window resets (`window`) or the bucket is full again (`continuous`), epoch ms. */
  resetAt: number | undefined;
  /** A platform-imposed pause in force until this time, epoch ms. */
  blockedUntil: number | undefined;
}

/**
 * Where rate-limit state lives. The memory backend serves one process; a shared backend
 * (Redis) can implement the same four operations atomically to share budgets between
 * processes. Every method may return a promise.
 */
export interface RateLimitBackend {
  /**
   * Takes every charge if all buckets have room right now, otherwise takes nothing and
   * says how long to wait. With `dryRun`, only answers.
   */
  tryAcquire(
    charges: readonly BucketCharge[],
    now: number,
    options?: { dryRun?: boolean },
  ): MaybePromise<AcquireAttempt>;
  /** Gives units back (the platform did not count the request) or, with negative costs, takes more. */
  refund(receipts: readonly ChargeReceipt[], now: number): MaybePromise<void>;
  /** Corrects a bucket from what the platform reported. */
  observe(bucket: RateLimitBucket, observation: BucketObservation, now: number): MaybePromise<void>;
  /** Reads a bucket. */
  inspect(bucket: RateLimitBucket, now: number): MaybePromise<BucketSnapshot>;
}
