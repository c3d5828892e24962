import PQueue from "p-queue";
import { type Clock, sleep, systemClock } from "../clock/clock";
import type { RateLimitConfigInput } from "../config/rate-limit-config";
import {
  emitInstrumentation,
  type Instrumentation,
  type RateLimitWaitInfo,
} from "../contracts/instrumentation";
import type { EventBus } from "../events/event-bus";
import { MemoryRateLimitBackend } from "./memory-rate-limit-backend";
import type { ChargeReceipt, MaybePromise, RateLimitBackend } from "./rate-limit-backend";
import { type HeaderInput, normalizeHeaders, parseRetryAfter } from "./rate-limit-headers";
import type { RateLimitProfile } from "./rate-limit-profile";
import { RateLimitRegistry } from "./rate-limit-registry";
import type {
  AcquireOptions,
  RateLimiter,
  RateLimitGrant,
  RateLimitStatus,
  RateLimitUpdateOptions,
} from "./rate-limiter";
import { WaitQueues } from "./wait-queues";

/** Options of {@link UnifiedRateLimiter}. */
export interface UnifiedRateLimiterOptions {
  /**
   * Platform rules. Optional: each platform's client registers its own profile on the
   * limiter it is given (`@contexten/github`'s `githubRateLimitProfile` …), and a platform
   * with `budgets` in the config needs none. A profile passed here wins over a registered one.
   */
  profiles?: readonly RateLimitProfile[] | undefined;
  /** Budget overrides and utilization. */
  config?: RateLimitConfigInput | undefined;
  /** Where state lives; defaults to this process's memory. */
  backend?: RateLimitBackend | undefined;
  /** Time source; defaults to `Date.now` and the global timers. */
  clock?: Clock | undefined;
  /** Receives `onRateLimitWait` for every request that had to wait. */
  instrumentation?: Instrumentation | undefined;
  /** Receives a `rate-limit` event for every request that had to wait. */
  eventBus?: EventBus | undefined;
}

/**
 * The rate limiter for every platform: budgets per
 * platform and resource from {@link RateLimitProfile}s, FIFO waiting per resource, pacing
 * that spreads heavy demand over the window, corrections from response headers, and a
 * p-queue per platform for the concurrency cap.
 */
export class UnifiedRateLimiter implements RateLimiter {
  readonly #registry: RateLimitRegistry;
  readonly #backend: RateLimitBackend;
  readonly #clock: Clock;
  readonly #instrumentation: Instrumentation | undefined;
  readonly #eventBus: EventBus | undefined;
  readonly #waiting: WaitQueues;
  readonly #concurrency = new Map<string, PQueue | undefined>();

  constructor(options: UnifiedRateLimiterOptions = {}) {
    this.#registry = new RateLimitRegistry(options.profiles ?? [], options.config);
    this.#backend = options.backend ?? new MemoryRateLimitBackend();
    this.#clock = options.clock ?? systemClock;
    this.#instrumentation = options.instrumentation;
    this.#eventBus = options.eventBus;
    this.#waiting = new WaitQueues(this.#backend, this.#clock, (info) => this.#reportWait(info));
  }

  registerProfile(profile: RateLimitProfile): void {
    if (this.#registry.register(profile)) this.#concurrency.delete(profile.platform);
  }

  async acquire(
    platform: string,
    resource: string,
    options: AcquireOptions = {},
  ): Promise<RateLimitGrant> {
    const cost = options.cost ?? 1;
    const charges = this.#registry.charges(platform, resource, cost, options.kind ?? "read");
    const granted = await this.#waiting.take(platform, resource, charges, options);
    return this.#grant(platform, resource, cost, granted.receipts, granted.waitedMs);
  }

  async update(
    platform: string,
    resource: string,
    headers: HeaderInput,
    options: RateLimitUpdateOptions = {},
  ): Promise<void> {
    const profile = this.#registry.profile(platform);
    const record = normalizeHeaders(headers);
    const now = this.#clock.now();
    const work: MaybePromise<void>[] = [];
    for (const report of profile.readHeaders?.(resource, record, now) ?? []) {
      const bucket = this.#registry.bucket(platform, report.bucket);
      const receipt = options.grant?.receipts.find((entry) => entry.bucket.key === bucket.key);
      if (report.actualCost !== undefined && receipt && receipt.cost !== report.actualCost) {
        work.push(
          this.#backend.refund([{ ...receipt, cost: receipt.cost - report.actualCost }], now),
        );
      }
      work.push(this.#backend.observe(bucket, this.#registry.scale(bucket, report), now));
    }
    const retryAfterMs = Math.max(
      parseRetryAfter(record["retry-after"], now) ?? 0,
      options.retryAfterMs ?? 0,
    );
    if (retryAfterMs > 0) {
      const names =
        profile.pausedBy?.(resource) ??
        profile.charges(resource, { cost: 1, kind: "read" }).map((charge) => charge.bucket);
      for (const name of names) {
        const bucket = this.#registry.bucket(platform, name);
        work.push(this.#backend.observe(bucket, { blockedUntil: now + retryAfterMs }, now));
      }
    }
    await Promise.all(work);
    this.#waiting.wake(platform);
  }

  async getRemaining(platform: string, resource: string): Promise<RateLimitStatus> {
    const charges = this.#registry.charges(platform, resource, 1, "read");
    const now = this.#clock.now();
    const snapshots = await Promise.all(
      charges.map(async ({ bucket }) => ({
        ...(await this.#backend.inspect(bucket, now)),
        name: bucket.key.slice(platform.length + 1),
      })),
    );
    const blocked = snapshots
      .map((snapshot) => snapshot.blockedUntil)
      .filter((value): value is number => value !== undefined);
    return {
      platform,
      resource,
      remaining: snapshots[0]?.remaining ?? Number.POSITIVE_INFINITY,
      resetAt: snapshots[0]?.resetAt,
      blockedUntil: blocked.length === 0 ? undefined : Math.max(...blocked),
      buckets: snapshots,
    };
  }

  async waitForReset(
    platform: string,
    resource: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    const charges = this.#registry.charges(platform, resource, 1, "read");
    for (;;) {
      const attempt = await this.#backend.tryAcquire(charges, this.#clock.now(), { dryRun: true });
      if (attempt.granted) return;
      await sleep(attempt.retryInMs, { clock: this.#clock, signal: options.signal });
    }
  }

  async schedule<T>(
    platform: string,
    resource: string,
    task: (grant: RateLimitGrant) => Promise<T> | T,
    options: AcquireOptions = {},
  ): Promise<T> {
    const grant = await this.acquire(platform, resource, options);
    const queue = this.#concurrencyQueue(platform);
    if (!queue) return task(grant);
    const queuedAt = this.#clock.now();
    let started = false;
    try {
      return await queue.add(
        () => {
          started = true;
          const waitMs = this.#clock.now() - queuedAt;
          if (waitMs > 0) this.#reportWait({ platform, resource, waitMs, reason: "concurrency" });
          return task(grant);
        },
        options.signal ? { signal: options.signal } : {},
      );
    } catch (error) {
      if (!started) await grant.refund();
      throw error;
    }
  }

  #concurrencyQueue(platform: string): PQueue | undefined {
    if (!this.#concurrency.has(platform)) {
      const limit = this.#registry.maxConcurrent(platform);
      this.#concurrency.set(
        platform,
        limit === undefined ? undefined : new PQueue({ concurrency: limit }),
      );
    }
    return this.#concurrency.get(platform);
  }

  #grant(
    platform: string,
    resource: string,
    cost: number,
    receipts: readonly ChargeReceipt[],
    waitedMs: number,
  ): RateLimitGrant {
    let refunded: Promise<void> | undefined;
    return {
      platform,
      resource,
      cost,
      waitedMs,
      receipts,
      refund: () => {
        refunded ??= Promise.resolve(this.#backend.refund(receipts, this.#clock.now())).then(() =>
          this.#waiting.wake(platform),
        );
        return refunded;
      },
    };
  }

  #reportWait(info: RateLimitWaitInfo): void {
    emitInstrumentation(this.#instrumentation, "onRateLimitWait", info);
    this.#eventBus?.emit("rate-limit", info);
  }
}
