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
  enqueuedAt: number;
  settled: boolean;
  limitedBy: "budget" | "retry-after";
  resolve(granted: Granted): void;
  reject(reason: unknown): void;
  detach(): void;
}

/** The callers waiting for one resource, first in, first out. */
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

/** What a waiter gets once its charges are taken. */
export interface Granted {
  /** What was taken. */
  receipts: readonly ChargeReceipt[];
  /** How long it waited, ms. */
  waitedMs: number;
}

function isThenable<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === "function";
}

/**
 * Serves acquirers per (platform, resource) in arrival order: the head of a queue takes
 * its charges as soon as the backend allows, later arrivals never overtake it, and a
 * single timer per queue wakes it when the head's budget is due. Works with synchronous
 * and asynchronous backends alike.
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
    signal: AbortSignal | undefined,
  ): Promise<Granted> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const queue = this.#queue(platform, resource);
    const idle = queue.waiters.isEmpty && !queue.pumping && queue.timer === undefined;
    // Fast path: nobody waiting and the budget allows, so no waiter is needed at all.
    const first = idle ? this.backend.tryAcquire(charges, this.clock.now()) : undefined;
    if (first !== undefined && !isThenable(first) && first.granted) {
      return Promise.resolve({ receipts: first.receipts, waitedMs: 0 });
    }
    return new Promise<Granted>((resolve, reject) => {
      const waiter: Waiter = {
        charges,
        enqueuedAt: this.clock.now(),
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
          const waiter = queue.waiters.peek();
          if (!waiter) {
            this.#finishPump(queue);
            return;
          }
          current = { waiter, attempt: this.backend.tryAcquire(waiter.charges, this.clock.now()) };
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
      queue.waiters.shift();
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
    const due = now + Math.max(1, attempt.retryInMs);
    // Queues are re-pumped after every response; keep a timer that is already right.
    if (queue.timer !== undefined && queue.timerAt === due) return false;
    this.#cancelTimer(queue);
    queue.timerAt = due;
    queue.timer = this.clock.setTimeout(() => {
      queue.timer = undefined;
      this.#pump(queue);
    }, due - now);
    return false;
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
}
