import { randomUUID } from "node:crypto";
import { ConfigurationError, type RateLimitBackend } from "@contexten/core";
import {
  type AcquireAttempt,
  advanceBucket,
  type BucketCharge,
  type BucketObservation,
  type BucketSnapshot,
  type BucketState,
  type ChargeReceipt,
  type RateLimitBucket,
  snapshotBucket,
} from "@contexten/core/adapter";
import { BucketScriptClient, type RedisClient, stateValues } from "./bucket-script-client";
import { InstancePresence } from "./instance-presence";
import { LocalFallback } from "./local-fallback";
import { ConnectionWatch, isUnavailable } from "./redis-availability";

/**
 * What a backend does while Redis is out of reach:
 * - `local-share` (default): each instance spends its share of every budget on its own
 *   (a third with three instances), starting from the last state Redis reported, so
 *   together they stay within the platform's budget and requests keep flowing;
 * - `wait`: fail closed: nothing is granted until Redis answers again; callers wait in
 *   line (nothing is refused or lost) and retry every `retryIntervalMs`.
 */
export type RedisUnavailableBehaviour = "local-share" | "wait";

/** Where budgets are being decided right now. */
export type RedisBackendMode = "shared" | "local-share" | "waiting";

/** Options of {@link RedisRateLimitBackend}. */
export interface RedisRateLimitBackendOptions {
  /** An ioredis client (`Redis` or `Cluster`); the backend never closes it. */
  client: RedisClient;
  /**
   * Prefix of every key (default `contexten:`). Instances that share budgets must use the
   * same prefix; rate-limit keys share one hash tag, so they live in one Cluster slot.
   */
  keyPrefix?: string | undefined;
  /** What to do while Redis is out of reach (default `local-share`). */
  whenUnavailable?: RedisUnavailableBehaviour | undefined;
  /**
   * Share of each budget an instance may use on its own during an outage, in (0, 1].
   * Default: one over the number of instances seen alive (heartbeats in Redis, refreshed
   * every 10 s on use, expiring after 30 s) when Redis was last reachable; 1 when it never was.
   */
  localShare?: number | undefined;
  /** With `wait`: how long callers wait before trying Redis again, ms (default 1,000). */
  retryIntervalMs?: number | undefined;
  /** Called whenever the mode changes (for logs and health checks). */
  onModeChange?: ((mode: RedisBackendMode, error?: unknown) => void) | undefined;
}

/** Shadows kept for resynchronisation; older ones are dropped past this. */
const MAX_SHADOWS = 10_000;

/**
 * Core's rate-limit buckets in Redis, shared by every instance that uses the same Redis
 * and key prefix: one Lua script applies exactly the memory backend's arithmetic
 * (pacing along the window, all-or-nothing charges, refunds, budgets learned from response
 * headers, `Retry-After` pauses), atomically. Hand it to `UnifiedRateLimiter` as `backend`.
 *
 * When Redis is out of reach the backend keeps answering as `whenUnavailable` says, and
 * it remembers the last state Redis reported for each bucket. When Redis is back, it
 * writes those states back (the most cautious of every instance's wins, so a Redis that
 * restarted empty does not hand out the budget again), then what the platform reported
 * and what it granted during the outage: budgets resynchronise.
 */
export class RedisRateLimitBackend implements RateLimitBackend {
  readonly #script: BucketScriptClient;
  readonly #options: RedisRateLimitBackendOptions;
  readonly #presence: InstancePresence;
  readonly #connection: ConnectionWatch;
  readonly #shadows = new Map<string, { bucket: RateLimitBucket; state: BucketState }>();
  #fallback: LocalFallback | undefined;
  #resync: Promise<void> | undefined;
  #mode: RedisBackendMode = "shared";
  /** The latest time an operation was asked about: resynchronisation happens then. */
  #lastNow = 0;

  constructor(options: RedisRateLimitBackendOptions) {
    const share = options.localShare;
    if (share !== undefined && !(share > 0 && share <= 1)) {
      throw new ConfigurationError({
        message: `localShare must be in (0, 1] (e.g. 1/3 for three instances); got ${share}.`,
      });
    }
    this.#options = options;
    const prefix = `${options.keyPrefix ?? "contexten:"}{rate-limit}:`;
    this.#script = new BucketScriptClient(options.client, prefix);
    this.#presence = new InstancePresence(options.client, `${prefix}instances`, randomUUID());
    this.#connection = new ConnectionWatch(options.client, () => {
      if (this.#mode !== "shared") void this.#resynchronise();
    });
  }

  /** Where budgets are decided right now: in Redis, locally, or nowhere (waiting). */
  get mode(): RedisBackendMode {
    return this.#mode;
  }

  async tryAcquire(
    charges: readonly BucketCharge[],
    now: number,
    options?: { dryRun?: boolean },
  ): Promise<AcquireAttempt> {
    this.#seen(now);
    if (this.#mode === "shared") {
      try {
        this.#connection.assertReachable();
        const { attempt, states } = await this.#script.acquire(charges, now, !!options?.dryRun);
        this.#remember(
          charges.map(({ bucket }) => bucket),
          states,
        );
        this.#presence.beat();
        return attempt;
      } catch (error) {
        this.#unavailable(error);
      }
    }
    this.#tryResynchronise();
    if (this.#mode === "waiting") {
      return {
        granted: false,
        retryInMs: this.#options.retryIntervalMs ?? 1_000,
        limitedBy: "budget",
        bucket: charges[0]?.bucket.key ?? "",
      };
    }
    return this.#fallback!.tryAcquire(charges, now, options);
  }

  async refund(receipts: readonly ChargeReceipt[], now: number): Promise<void> {
    this.#seen(now);
    // Receipts of local grants (negative window ids) go back where they came from.
    const local = receipts.filter(
      (receipt) =>
        (receipt.windowId ?? 0) < 0 || (receipt.windowId === undefined && this.#mode !== "shared"),
    );
    if (local.length > 0) this.#fallback?.refund(local, now);
    const shared = receipts.filter((receipt) => !local.includes(receipt));
    if (shared.length === 0 || this.#mode !== "shared") return;
    await this.#shared(async () => {
      const reply = await this.#script.run(
        "refund",
        now,
        shared.map(({ bucket, cost, windowId }) => ({ bucket, values: [cost, windowId] })),
      );
      this.#remember(
        shared.map(({ bucket }) => bucket),
        reply.states,
      );
    });
  }

  async observe(
    bucket: RateLimitBucket,
    observation: BucketObservation,
    now: number,
  ): Promise<void> {
    this.#seen(now);
    if (this.#mode === "shared") {
      const done = await this.#shared(async () => {
        const reply = await this.#script.observe(bucket, observation, now);
        this.#remember([bucket], reply.states);
      });
      if (done) return;
    }
    this.#tryResynchronise();
    this.#fallback!.observe(bucket, observation, now);
  }

  async inspect(bucket: RateLimitBucket, now: number): Promise<BucketSnapshot> {
    this.#seen(now);
    if (this.#mode === "shared") {
      let snapshot: BucketSnapshot | undefined;
      const done = await this.#shared(async () => {
        const reply = await this.#script.run("inspect", now, [{ bucket }]);
        this.#remember([bucket], reply.states);
        snapshot = snapshotBucket(reply.states[0]!, bucket, now);
      });
      if (done) return snapshot!;
    }
    return this.#fallback!.inspect(bucket, now);
  }

  /** Runs a Redis operation; false (and the switch to the fallback) when Redis is out of reach. */
  async #shared(operation: () => Promise<void>): Promise<boolean> {
    try {
      this.#connection.assertReachable();
      await operation();
      return true;
    } catch (error) {
      this.#unavailable(error);
      return false;
    }
  }

  #seen(now: number): void {
    if (now > this.#lastNow) this.#lastNow = now;
  }

  #remember(buckets: readonly RateLimitBucket[], states: readonly BucketState[]): void {
    buckets.forEach((bucket, index) => {
      this.#shadows.delete(bucket.key);
      this.#shadows.set(bucket.key, { bucket, state: states[index]! });
    });
    while (this.#shadows.size > MAX_SHADOWS) {
      this.#shadows.delete(this.#shadows.keys().next().value!);
    }
  }

  #unavailable(error: unknown): void {
    // A script or argument error is a bug to report, not an outage to ride out.
    if (!isUnavailable(error, this.#options.client)) throw error;
    if (this.#mode !== "shared") return;
    const wait = this.#options.whenUnavailable === "wait";
    const share = wait ? 1 : (this.#options.localShare ?? 1 / this.#presence.lastCount);
    this.#fallback = new LocalFallback(share, (key) => this.#shadows.get(key)?.state);
    this.#setMode(wait ? "waiting" : "local-share", error);
  }

  #setMode(mode: RedisBackendMode, error?: unknown): void {
    this.#mode = mode;
    this.#options.onModeChange?.(mode, error);
  }

  #tryResynchronise(): void {
    if (this.#options.client.status === "ready") void this.#resynchronise();
  }

  /**
   * Writes back what this instance knows, in order: the last state Redis reported for
   * each bucket (merged, most cautious wins), the platform's reports received during the
   * outage, and the units granted locally since those reports. Then decides in Redis again.
   */
  #resynchronise(): Promise<void> {
    this.#resync ??= (async () => {
      const fallback = this.#fallback;
      const now = this.#lastNow;
      try {
        const shadows = [...this.#shadows.values()];
        for (let start = 0; start < shadows.length; start += 100) {
          const batch = shadows.slice(start, start + 100).map(({ bucket, state }) => {
            // Windows that ended meanwhile are closed, not restored.
            const current = { ...state };
            advanceBucket(current, bucket, now);
            return { bucket, values: stateValues(current) };
          });
          await this.#script.run("restore", now, batch);
        }
        for (const record of fallback?.records ?? []) {
          if (record.observation) {
            await this.#script.observe(record.bucket, record.observation, now);
          }
          if (record.grantedSinceObservation > 0) {
            await this.#script.run("debit", now, [
              { bucket: record.bucket, values: [record.grantedSinceObservation] },
            ]);
          }
        }
        this.#fallback = undefined;
        this.#setMode("shared");
        this.#presence.beat(true);
      } catch (error) {
        // Out of reach again: stay on the fallback and try at the next connection.
        if (!isUnavailable(error, this.#options.client)) {
          this.#options.onModeChange?.(this.#mode, error);
        }
      } finally {
        this.#resync = undefined;
      }
    })();
    return this.#resync;
  }
}
