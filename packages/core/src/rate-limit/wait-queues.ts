import { abortReason, type Clock, type ClockTimer } from "../clock/clock";
import type { RateLimitWaitInfo } from "../contracts/instrumentation";
import { FifoQueue } from "./fifo-queue";
import type {
  AcquireAttempt,
  BucketCharge,
  ChargeReceipt,
  MaybePromise,
  RateLimitBackend,
} from "./rate-limit-backend";

/** One caller waiting for budget. */
interface Waiter {
  charges: readonly BucketCharge[];
  /** Takes nothing before this time, epoch ms (0: no such bound). */
  notBefore: number;
  /** When waiting for budget began: arrival, or `notBefore` when that is later. */
  enqueuedAt: number;
  settled: boolean;
  limitedBy: "budget" | "retry-after";
  resolve(granted: Granted): void;
  reject(reason: unknown): void;
  detach(): void;
}

/**
 * The callers waiting for one resource, first in, first out. Retries of requests the
 * platform refused have their own lane, served before everyone else, so they keep the
 * place they had instead of queueing behind requests that arrived after them.
 */
interface ResourceQueue {
  key: string;
  platform: string;
  resource: string;
  retries: FifoQueue<Waiter>;
  waiters: FifoQueue<Waiter>;
  timer: ClockTimer | undefined;
  timerAt: number;
  pumping: boolean;
  again: boolean;
}

/** How a caller joins a queue (see `AcquireOptions`). */
export interface TakeOptions {
  /** Gives up waiting and frees the place in line. */
  signal?: AbortSignal | undefined;
  /** Joins at the front, behind earlier retries, instead of at the back. */
  retry?: boolean | undefined;
  /** Takes no budget before this time, epoch ms; holds its place (and the queue) until then. */
  notBefore?: number | undefined;
}

/** What a waiter gets once its charges are taken. */
export interface Granted {
  /** What was taken. */
  receipts: readonly ChargeReceipt[];
  /** How long it waited, ms. */
  waitedMs: number;
}

function isWaiting(waiter: Waiter): boolean {
  return !waiter.settled;
}

/** Nobody waiting, nothing being answered, no wake-up pending. */
function isIdle(queue: ResourceQueue): boolean {
  return (
    queue.retries.isEmpty && queue.waiters.isEmpty && !queue.pumping && queue.timer === undefined
  );
}

function isThenable<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === "function";
}

/**
 * Serves acquirers per (platform, resource) in arrival order: the head of a queue takes
 * its charges as soon as the backend allows (and not before its `notBefore`), later
 * arrivals never overtake it, and a single timer per queue wakes it when the head is due.
 * Retries join at the front. Works with synchronous and asynchronous backends alike.
 */
export class WaitQueues {
  readonly #queues = new Map<string, ResourceQueue>();

  constructor(
    private readonly backend: RateLimitBackend,
    private readonly clock: Clock,
    private readonly reportWait: (info: RateLimitWaitInfo) => void,
  ) {}

  /** Takes `charges` for `resource` once it is this caller's turn and the budget allows. */
  take(
    platform: string,
    resource: string,
    charges: readonly BucketCharge[],
    options: TakeOptions = {},
  ): Promise<Granted> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const now = this.clock.now();
    const notBefore = options.notBefore ?? 0;
    const queue = this.#queue(platform, resource);
    const idle = isIdle(queue) && notBefore <= now;
    // Fast path: nobody waiting and the budget allows, so no waiter is needed at all.
    const first = idle ? this.backend.tryAcquire(charges, now) : undefined;
    if (first !== undefined && !isThenable(first) && first.granted) {
      return Promise.resolve({ receipts: first.receipts, waitedMs: 0 });
    }
    return new Promise<Granted>((resolve, reject) => {
      const waiter: Waiter = {
        charges,
        notBefore,
        // A wait the caller asked for is not a wait for budget (and is reported by the caller).
        enqueuedAt: Math.max(now, notBefore),
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
      (options.retry ? queue.retries : queue.waiters).push(waiter);
      if (first !== undefined && isThenable(first)) this.#pump(queue, { waiter, attempt: first });
      // A retry may be the new head, whose time differs from the timer's.
      else if (queue.timer === undefined || options.retry) this.#pump(queue);
    });
  }

  /** Re-evaluates every sleeping queue of a platform after its budget changed. */
  wake(platform: string): void {
    for (const queue of this.#queues.values()) {
      if (queue.platform === platform && queue.timer !== undefined) this.#pump(queue);
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
        retries: new FifoQueue<Waiter>(isWaiting),
        waiters: new FifoQueue<Waiter>(isWaiting),
        timer: undefined,
        timerAt: 0,
        pumping: false,
        again: false,
      };
      this.#queues.set(key, queue);
    }
    return queue;
  }

  /** Serves the head of a queue for as long as budget allows, then sleeps until it is due. */
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
          const waiter = queue.retries.peek() ?? queue.waiters.peek();
          if (!waiter) {
            this.#finishPump(queue);
            return;
          }
          const now = this.clock.now();
          if (waiter.notBefore > now) {
            // Not yet due: ask the backend nothing, so no budget is taken early.
            waiter.limitedBy = "retry-after";
            this.#sleepUntil(queue, waiter.notBefore, now);
            this.#finishPump(queue);
            return;
          }
          current = { waiter, attempt: this.backend.tryAcquire(waiter.charges, now) };
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
    const now = this.clock.now();
    if (attempt.granted) {
      if (waiter.settled) {
        // Aborted while an asynchronous backend was answering: give the budget back.
        void this.backend.refund(attempt.receipts, now);
        return true;
      }
      // Settled waiters are dropped when they reach the head of their lane.
      waiter.settled = true;
      waiter.detach();
      const waitedMs = now - waiter.enqueuedAt;
      if (waitedMs > 0) {
        this.reportWait({
          platform: queue.platform,
          resource: queue.resource,
          waitMs: waitedMs,
          reason: waiter.limitedBy,
        });
      }
      waiter.resolve({ receipts: attempt.receipts, waitedMs });
      return true;
    }
    if (waiter.settled) return true;
    waiter.limitedBy = attempt.limitedBy;
    this.#sleepUntil(queue, now + Math.max(1, attempt.retryInMs), now);
    return false;
  }

  /** Wakes the queue at `due`, replacing a timer set for another time. */
  #sleepUntil(queue: ResourceQueue, due: number, now: number): void {
    // Queues are re-pumped after every response; keep a timer that is already right.
    if (queue.timer !== undefined && queue.timerAt === due) return;
    this.#cancelTimer(queue);
    queue.timerAt = due;
    queue.timer = this.clock.setTimeout(() => {
      queue.timer = undefined;
      this.#pump(queue);
    }, due - now);
  }

  #cancelTimer(queue: ResourceQueue): void {
    if (queue.timer === undefined) return;
    this.clock.clearTimeout(queue.timer);
    queue.timer = undefined;
  }

  #finishPump(queue: ResourceQueue): void {
    queue.pumping = false;
    if (queue.again) {
      queue.again = false;
      this.#pump(queue);
    } else if (queue.retries.isEmpty && queue.waiters.isEmpty) {
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
}
