import { MemoryRateLimitBackend } from "@contexten/core";
import type {
  AcquireAttempt,
  BucketCharge,
  BucketObservation,
  BucketSnapshot,
  BucketState,
  ChargeReceipt,
  RateLimitBucket,
} from "@contexten/core/adapter";

/** What an instance did to one bucket while Redis was out of reach. */
export interface OutageRecord {
  /** The bucket. */
  bucket: RateLimitBucket;
  /** The platform's latest report (unscaled), if one came in during the outage. */
  observation: BucketObservation | undefined;
  /** Units granted locally since that report (or since the outage began). */
  grantedSinceObservation: number;
}

function merge(into: BucketObservation | undefined, next: BucketObservation): BucketObservation {
  const merged: BucketObservation = { ...into };
  if (next.limit !== undefined) merged.limit = next.limit;
  if (next.remaining !== undefined) merged.remaining = next.remaining;
  if (next.resetAt !== undefined) merged.resetAt = next.resetAt;
  if (next.blockedUntil !== undefined) {
    merged.blockedUntil = Math.max(next.blockedUntil, into?.blockedUntil ?? 0);
  }
  return merged;
}

/**
 * The budget an instance spends on its own while Redis is out of reach: core's memory
 * backend holding `share` of every bucket (a third with three instances), started from the
 * last state Redis reported for the bucket, and fed the platform's reports scaled the same
 * way. Since every instance holds at most its share of what was left, together they stay
 * within the platform's budget. It also records what it granted and what the platform
 * reported, so the shared state can be brought up to date on reconnection.
 *
 * Local receipts carry negated window ids, so a refund can be routed back here.
 */
export class LocalFallback {
  readonly #memory = new MemoryRateLimitBackend();
  readonly #seeded = new Set<string>();
  readonly #outage = new Map<string, OutageRecord>();

  constructor(
    /** Share of each budget this instance may use, in (0, 1]. */
    readonly share: number,
    /** The last state Redis reported for a bucket key. */
    private readonly lastKnown: (key: string) => BucketState | undefined,
  ) {}

  /** Every bucket touched during the outage. */
  get records(): IterableIterator<OutageRecord> {
    return this.#outage.values();
  }

  tryAcquire(
    charges: readonly BucketCharge[],
    now: number,
    options?: { dryRun?: boolean },
  ): AcquireAttempt {
    const local = charges.map(({ bucket, cost }) => ({ bucket: this.#local(bucket, now), cost }));
    const attempt = this.#memory.tryAcquire(local, now, options);
    if (!attempt.granted) return attempt;
    return {
      granted: true,
      receipts: attempt.receipts.map((receipt, index) => {
        const { bucket, cost } = charges[index]!;
        this.#record(bucket).grantedSinceObservation += cost;
        return receipt.windowId === undefined
          ? { bucket, cost }
          : { bucket, cost, windowId: -receipt.windowId };
      }),
    };
  }

  refund(receipts: readonly ChargeReceipt[], now: number): void {
    for (const receipt of receipts) {
      const local = this.#local(receipt.bucket, now);
      const windowId = receipt.windowId === undefined ? undefined : -receipt.windowId;
      this.#memory.refund([{ ...receipt, bucket: local, windowId }], now);
      const record = this.#record(receipt.bucket);
      record.grantedSinceObservation = Math.max(0, record.grantedSinceObservation - receipt.cost);
    }
  }

  observe(bucket: RateLimitBucket, observation: BucketObservation, now: number): void {
    const record = this.#record(bucket);
    record.observation = merge(record.observation, observation);
    if (observation.remaining !== undefined) record.grantedSinceObservation = 0;
    this.#memory.observe(this.#local(bucket, now), this.#scale(observation), now);
  }

  inspect(bucket: RateLimitBucket, now: number): BucketSnapshot {
    const snapshot = this.#memory.inspect(this.#local(bucket, now), now);
    // Reported in the shared bucket's units.
    return {
      ...snapshot,
      key: bucket.key,
      limit: snapshot.limit / this.share,
      remaining: Math.floor(snapshot.remaining / this.share),
    };
  }

  #record(bucket: RateLimitBucket): OutageRecord {
    let record = this.#outage.get(bucket.key);
    if (!record) {
      record = { bucket, observation: undefined, grantedSinceObservation: 0 };
      this.#outage.set(bucket.key, record);
    }
    return record;
  }

  #scale(observation: BucketObservation): BucketObservation {
    const scaled: BucketObservation = { ...observation };
    if (observation.limit !== undefined) scaled.limit = observation.limit * this.share;
    if (observation.remaining !== undefined) scaled.remaining = observation.remaining * this.share;
    return scaled;
  }

  /** The bucket at this instance's share, seeded once from what Redis last reported. */
  #local(bucket: RateLimitBucket, now: number): RateLimitBucket {
    const local: RateLimitBucket = {
      ...bucket,
      limit: bucket.limit * this.share,
      burst: Math.max(1, bucket.burst * this.share),
    };
    if (this.#seeded.has(bucket.key)) return local;
    this.#seeded.add(bucket.key);
    const known = this.lastKnown(bucket.key);
    if (!known) return local;
    const seed: BucketObservation = { limit: known.limit, blockedUntil: known.blockedUntil };
    if (bucket.refill === "continuous") {
      seed.remaining = Math.max(0, known.tokens);
    } else if (known.windowEndsAt !== undefined && known.windowEndsAt > now) {
      seed.remaining = Math.max(0, known.limit - known.used);
      seed.resetAt = known.windowEndsAt;
    }
    this.#memory.observe(local, this.#scale(seed), now);
    return local;
  }
}
