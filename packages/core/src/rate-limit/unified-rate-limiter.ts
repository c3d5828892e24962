import PQueue from "p-queue";
import { abortReason, type Clock, type ClockTimer, sleep, systemClock } from "../clock/clock";
import type { RateLimitConfigInput } from "../config/rate-limit-config";
import {
  emitInstrumentation,
  type Instrumentation,
  type RateLimitWaitInfo,
} from "../contracts/instrumentation";
import type { EventBus } from "../events/event-bus";
import { FifoQueue } from "./fifo-queue";
import { MemoryRateLimitBackend } from "./memory-rate-limit-backend";
import type {
  AcquireAttempt,
  BucketCharge,
  ChargeReceipt,
  MaybePromise,
  RateLimitBackend,
} from "./rate-limit-backend";
import { type HeaderInput, normalizeHeaders, parseRetryAfter } from "./rate-limit-headers";
import type { RateLimitProfile } from "./rate-limit-profile";
import { defaultRateLimitProfiles, RateLimitRegistry } from "./rate-limit-registry";
import type {
  AcquireOptions,
  RateLimiter,
  RateLimitGrant,
  RateLimitStatus,
  RateLimitUpdateOptions,
} from "./rate-limiter";

/** Options of {@link UnifiedRateLimiter}. */
export interface UnifiedRateLimiterOptions {
  /** Platform rules; defaults to GitHub, Slack and Linear with their default configs. */
  profiles?: readonly RateLimitProfile[];
  /** Budget overrides and utilization. */
  config?: RateLimitConfigInput;
  /** Where state lives; defaults to this process's memory. */
  backend?: RateLimitBackend;
  /** Time source; defaults to `Date.now` and the global timers. */
  clock?: Clock;
  /** Receives `onRateLimitWait` for every request that had to wait. */
  instrumentation?: Instrumentation;
  /** Receives a `rate-limit` event for every request that had to wait. */
  eventBus?: EventBus;
}

interface Waiter {
  charges: BucketCharge[];
  cost: number;
  enqueuedAt: number;
  settled: boolean;
  limitedBy: "budget" | "retry-after";
  resolve(grant: RateLimitGrant): void;
  reject(reason: unknown): void;
  detach(): void;
}

interface ResourceQueue {
  key: string;
  platform: string;
  resource: string;
  waiters: FifoQueue<Waiter>;
  timer: ClockTimer | undefined;
  timerAt: number;
  pumping: boolean;
  again: boolean;
}

function isThenable<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === "function";
}

/**
 * The rate limiter for every platform (the seed's `UnifiedRateLimiter`): budgets per
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
  readonly #queues = new Map<string, ResourceQueue>();
  readonly #concurrency = new Map<string, PQueue | undefined>();

  constructor(options: UnifiedRateLimiterOptions = {}) {
    this.#registry = new RateLimitRegistry(
      options.profiles ?? defaultRateLimitProfiles(),
      options.config,
    );
    this.#backend = options.backend ?? new MemoryRateLimitBackend();
    this.#clock = options.clock ?? systemClock;
    this.#instrumentation = options.instrumentation;
    this.#eventBus = options.eventBus;
  }

  acquire(
    platform: string,
    resource: string,
    options: AcquireOptions = {},
  ): Promise<RateLimitGrant> {
    const cost = options.cost ?? 1;
    let charges: BucketCharge[];
    try {
      charges = this.#registry.charges(platform, resource, cost, options.kind ?? "read");
    } catch (error) {
      return Promise.reject(error);
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const queue = this.#queue(platform, resource);
    const idle = queue.waiters.isEmpty && !queue.pumping && queue.timer === undefined;
    const first = idle ? this.#backend.tryAcquire(charges, this.#clock.now()) : undefined;
    if (first !== undefined && !isThenable(first) && first.granted) {
      return Promise.resolve(this.#grant(platform, resource, cost, first.receipts, 0));
    }
    return new Promise<RateLimitGrant>((resolve, reject) => {
      const waiter: Waiter = {
        charges,
        cost,
        enqueuedAt: this.#clock.now(),
        settled: false,
        limitedBy: "budget",
        resolve,
        reject,
        detach: () => {},
      };
      if (signal) {
        const onAbort = () => this.#abandon(queue, waiter, abortReason(signal));
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener("abort", onAbort);
      }
      queue.waiters.push(waiter);
      if (first !== undefined && isThenable(first)) this.#pump(queue, { waiter, attempt: first });
      else if (queue.timer === undefined) this.#pump(queue);
    });
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
    this.#wake(platform);
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

  #queue(platform: string, resource: string): ResourceQueue {
    const key = `${platform}\u0000${resource}`;
    let queue = this.#queues.get(key);
    if (!queue) {
      queue = {
        key,
        platform,
        resource,
        waiters: new FifoQueue<Waiter>((waiter) => !waiter.settled),
        timer: undefined,
        timerAt: 0,
        pumping: false,
        again: false,
      };
      this.#queues.set(key, queue);
    }
    return queue;
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

  /**
   * Serves the head of a queue for as long as budget allows, then sleeps until the head's
   * budget is due. Works with synchronous and asynchronous backends alike.
   */
  #pump(queue: ResourceQueue, first?: { waiter: Waiter; attempt: Promise<AcquireAttempt> }): void {
    if (queue.pumping) {
      queue.again = true;
      return;
    }
    queue.pumping = true;
    const loop = (pending?: { waiter: Waiter; attempt: MaybePromise<AcquireAttempt> }): void => {
      for (;;) {
        let current = pending;
        pending = undefined;
        if (!current) {
          const waiter = queue.waiters.peek();
          if (!waiter) {
            this.#finishPump(queue);
            return;
          }
          current = {
            waiter,
            attempt: this.#backend.tryAcquire(waiter.charges, this.#clock.now()),
          };
        }
        const { waiter, attempt } = current;
        if (isThenable(attempt)) {
          attempt.then(
            (result) => (this.#apply(queue, waiter, result) ? loop() : this.#finishPump(queue)),
            (error: unknown) => {
              this.#abandon(queue, waiter, error);
              loop();
            },
          );
          return;
        }
        if (!this.#apply(queue, waiter, attempt)) {
          this.#finishPump(queue);
          return;
        }
      }
    };
    loop(first);
  }

  /** Acts on one attempt for the head; false when the queue must now wait. */
  #apply(queue: ResourceQueue, waiter: Waiter, attempt: AcquireAttempt): boolean {
    const now = this.#clock.now();
    if (attempt.granted) {
      if (waiter.settled) {
        // Aborted while an asynchronous backend was answering: give the budget back.
        void this.#backend.refund(attempt.receipts, now);
        return true;
      }
      queue.waiters.shift();
      waiter.settled = true;
      waiter.detach();
      const waitedMs = now - waiter.enqueuedAt;
      if (waitedMs > 0) {
        this.#reportWait({
          platform: queue.platform,
          resource: queue.resource,
          waitMs: waitedMs,
          reason: waiter.limitedBy,
        });
      }
      waiter.resolve(
        this.#grant(queue.platform, queue.resource, waiter.cost, attempt.receipts, waitedMs),
      );
      return true;
    }
    if (waiter.settled) return true;
    waiter.limitedBy = attempt.limitedBy;
    const due = now + Math.max(1, attempt.retryInMs);
    // Re-pumps happen after every response; keep a timer that is already right.
    if (queue.timer !== undefined && queue.timerAt === due) return false;
    this.#cancelTimer(queue);
    queue.timerAt = due;
    queue.timer = this.#clock.setTimeout(() => {
      queue.timer = undefined;
      this.#pump(queue);
    }, due - now);
    return false;
  }

  #cancelTimer(queue: ResourceQueue): void {
    if (queue.timer === undefined) return;
    this.#clock.clearTimeout(queue.timer);
    queue.timer = undefined;
  }

  #finishPump(queue: ResourceQueue): void {
    queue.pumping = false;
    if (queue.again) {
      queue.again = false;
      this.#pump(queue);
    } else if (queue.waiters.isEmpty) {
      this.#cancelTimer(queue);
      this.#queues.delete(queue.key);
    }
  }

  #abandon(queue: ResourceQueue, waiter: Waiter, reason: unknown): void {
    if (waiter.settled) return;
    waiter.settled = true;
    waiter.detach();
    waiter.reject(reason);
    // The next waiter may fit now (smaller cost, or it was only waiting behind this one).
    this.#pump(queue);
  }

  /** Re-evaluates every sleeping queue of a platform after its budget changed. */
  #wake(platform: string): void {
    for (const queue of this.#queues.values()) {
      if (queue.platform === platform && queue.timer !== undefined) this.#pump(queue);
    }
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
          this.#wake(platform),
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
