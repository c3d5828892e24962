import { hrtime } from "node:process";
import { setImmediate as nextTurn } from "node:timers/promises";

/** Real milliseconds, immune to faked `Date` and `performance`. */
export function realNow(): number {
  return Number(hrtime.bigint() / 1_000_000n);
}

/** A `fetch` that knows how many of its requests are in flight. */
export interface FetchTracker {
  /** The wrapped fetch; pass it to the SDK or to `createResilientFetch`. */
  readonly fetch: typeof globalThis.fetch;
  /** Requests sent whose response body has not been read yet. */
  readonly inFlight: number;
  /**
   * Waits, in real time, until no request is in flight and pending promise callbacks have
   * run. With fake timers, real I/O still needs event-loop turns; call this before moving
   * fake time on, so a request reaches the server at the fake time it was sent. A request
   * the server holds on fake time (latency, `delayMs`) cannot finish this way: use
   * `server.waitForRequests(n)`, then advance the timers. Rejects after `timeoutMs` of real
   * time (default 5 s) with the number still in flight, instead of hanging.
   */
  settle(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Wraps `fetch` to count requests in flight (see {@link FetchTracker.settle}). The response
 * body is read inside, so the count drops only when the exchange is complete.
 */
export function trackFetch(inner: typeof globalThis.fetch = globalThis.fetch): FetchTracker {
  let inFlight = 0;
  const tracked = async (...args: Parameters<typeof globalThis.fetch>): Promise<Response> => {
    inFlight += 1;
    try {
      const response = await inner(...args);
      const body = await response.arrayBuffer();
      const copy = new Response([101, 103, 204, 205, 304].includes(response.status) ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(copy, "url", { value: response.url });
      return copy;
    } finally {
      inFlight -= 1;
    }
  };
  return {
    fetch: tracked as typeof globalThis.fetch,
    get inFlight() {
      return inFlight;
    },
    async settle(options = {}) {
      const deadline = realNow() + (options.timeoutMs ?? 5_000);
      // Promise callbacks queued by finished I/O run before the next turn resolves.
      do {
        await nextTurn();
        if (inFlight > 0 && realNow() > deadline) {
          throw new Error(
            `trackFetch: ${inFlight} request(s) still in flight; is the server waiting on fake time (latency, delayMs)? Advance the timers first.`,
          );
        }
      } while (inFlight > 0);
    },
  };
}

/**
 * Runs fake time forward to `until` (epoch ms on the faked `Date`), one timer at a time,
 * settling real I/O after each: `advance` moves fake time to the next timer (pass
 * `() => vi.advanceTimersToNextTimerAsync()`). Something must keep a timer scheduled
 * (a demand `setInterval`, a rate limiter's wake-up), or time cannot move.
 */
export async function runFakeTimeUntil(options: {
  until: number;
  advance: () => Promise<unknown>;
  tracker: Pick<FetchTracker, "settle">;
}): Promise<void> {
  await options.tracker.settle();
  let stuck = 0;
  while (Date.now() < options.until) {
    const before = Date.now();
    await options.advance();
    await options.tracker.settle();
    // Several timers may fire at one instant, but not ten thousand in a row.
    stuck = Date.now() === before ? stuck + 1 : 0;
    if (stuck > 10_000) {
      throw new Error(
        "runFakeTimeUntil: fake time is not moving; use fake timers and keep a timer scheduled (e.g. a demand setInterval)",
      );
    }
  }
}

/**
 * The timers to fake when a test drives real HTTP with fake time:
 * `vi.useFakeTimers({ toFake: [...FAKE_TIME_TIMERS] })`. `setImmediate`, `nextTick` and
 * `performance` stay real, so sockets and promises keep working while time stands still.
 */
export const FAKE_TIME_TIMERS = [
  "setTimeout",
  "clearTimeout",
  "setInterval",
  "clearInterval",
  "Date",
] as const;

/** How the calls of a {@link startDemand} ended so far. */
export interface DemandOutcome {
  /** Calls started. */
  issued: number;
  /** Calls that resolved with a 2xx response. */
  succeeded: number;
  /** Non-2xx statuses and errors (aborts by `stop` excluded). */
  failed: unknown[];
}

/**
 * Generates load: every `everyMs` (a `setInterval`, so fake time drives it) starts
 * `perTick` calls. `stop()` ends the load and aborts the calls still waiting. Each call
 * gets its own `AbortSignal`: tens of thousands of listeners on one signal would be slow.
 */
export function startDemand(options: {
  everyMs: number;
  perTick: number;
  call: (index: number, signal: AbortSignal) => Promise<Response>;
}): { outcome: DemandOutcome; stop(): void } {
  const pending = new Set<AbortController>();
  const outcome: DemandOutcome = { issued: 0, succeeded: 0, failed: [] };
  const timer = setInterval(() => {
    for (let index = 0; index < options.perTick; index += 1) {
      outcome.issued += 1;
      const controller = new AbortController();
      pending.add(controller);
      options
        .call(outcome.issued, controller.signal)
        .then(
          (response) => {
            if (response.ok) outcome.succeeded += 1;
            else outcome.failed.push(response.status);
          },
          (error: unknown) => {
            if (!controller.signal.aborted) outcome.failed.push(error);
          },
        )
        .finally(() => pending.delete(controller));
    }
  }, options.everyMs);
  return {
    outcome,
    stop() {
      clearInterval(timer);
      // One reason for all: building thousands of DOMExceptions (with stacks) is slow.
      const reason = new DOMException("The demand was stopped", "AbortError");
      for (const controller of pending) controller.abort(reason);
    },
  };
}

/** What {@link settlementLog} returns. */
export interface SettlementLog {
  /** `label@ms` per resolved promise, `label!ErrorName@ms` per rejected one, in settling order. */
  readonly entries: string[];
  /** Records when `promise` settles under `label`; returns the promise. */
  track<T>(label: string, promise: Promise<T>): Promise<T>;
}

/**
 * Records when promises settle, in milliseconds of (fake) time since `start` read from
 * `Date.now()`: for tests of waiting and ordering, such as a rate limiter serving its queue.
 *
 * @example
 * const settled = settlementLog(Date.now());
 * settled.track("second", limiter.acquire("github", "core"));
 * await vi.advanceTimersByTimeAsync(1_000);
 * expect(settled.entries).toEqual(["second@1000"]);
 */
export function settlementLog(start: number): SettlementLog {
  const entries: string[] = [];
  return {
    entries,
    track(label, promise) {
      promise.then(
        () => entries.push(`${label}@${Date.now() - start}`),
        (error: Error) => entries.push(`${label}!${error.name}@${Date.now() - start}`),
      );
      return promise;
    },
  };
}
