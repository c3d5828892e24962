import {
  advanceBucket,
  type BucketState,
  bucketWaitMs,
  createBucketState,
  isPristine,
  observeBucket,
  refundToBucket,
  snapshotBucket,
  takeFromBucket,
} from "./bucket-state";
import type {
  AcquireAttempt,
  BucketCharge,
  BucketObservation,
  BucketSnapshot,
  ChargeReceipt,
  RateLimitBackend,
  RateLimitBucket,
} from "./rate-limit-backend";

/** Every this many operations, buckets back at their fresh state are dropped. */
const SWEEP_EVERY = 1_024;

/**
 * Keeps rate-limit state in this process's memory; answers synchronously. Buckets are
 * created on first use and dropped again once they are back to a fresh state, so per-channel
 * buckets do not accumulate.
 */
export class MemoryRateLimitBackend implements RateLimitBackend {
  readonly #states = new Map<string, { bucket: RateLimitBucket; state: BucketState }>();
  #operations = 0;

  tryAcquire(
    charges: readonly BucketCharge[],
    now: number,
    options?: { dryRun?: boolean },
  ): AcquireAttempt {
    this.#maybeSweep(now);
    let longest = 0;
    let binding: { key: string; blocked: boolean } | undefined;
    for (const { bucket, cost } of charges) {
      const state = this.#state(bucket, now);
      const wait = bucketWaitMs(state, bucket, cost, now);
      if (wait > longest) {
        longest = wait;
        binding = { key: bucket.key, blocked: state.blockedUntil - now >= wait };
      }
    }
    if (binding) {
      return {
        granted: false,
        retryInMs: longest,
        limitedBy: binding.blocked ? "retry-after" : "budget",
        bucket: binding.key,
      };
    }
    if (options?.dryRun) return { granted: true, receipts: [] };
    const receipts = charges.map(({ bucket, cost }) =>
      takeFromBucket(this.#state(bucket, now), bucket, cost, now),
    );
    return { granted: true, receipts };
  }

  refund(receipts: readonly ChargeReceipt[], now: number): void {
    this.#maybeSweep(now);
    for (const receipt of receipts) {
      const state = this.#state(receipt.bucket, now);
      refundToBucket(state, receipt.bucket, receipt);
    }
  }

  observe(bucket: RateLimitBucket, observation: BucketObservation, now: number): void {
    this.#maybeSweep(now);
    observeBucket(this.#state(bucket, now), bucket, observation, now);
  }

  inspect(bucket: RateLimitBucket, now: number): BucketSnapshot {
    this.#maybeSweep(now);
    return snapshotBucket(this.#state(bucket, now), bucket, now);
  }

  /** Number of buckets currently held (for tests and diagnostics). */
  get size(): number {
    return this.#states.size;
  }

  #state(bucket: RateLimitBucket, now: number): BucketState {
    let entry = this.#states.get(bucket.key);
    if (!entry) {
      entry = { bucket, state: createBucketState(bucket, now) };
      this.#states.set(bucket.key, entry);
    }
    advanceBucket(entry.state, bucket, now);
    return entry.state;
  }

  #maybeSweep(now: number): void {
    this.#operations += 1;
    if (this.#operations % SWEEP_EVERY !== 0) return;
    for (const [key, { bucket, state }] of this.#states) {
      advanceBucket(state, bucket, now);
      if (isPristine(state, bucket)) this.#states.delete(key);
    }
  }
}
