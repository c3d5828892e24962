import { setImmediate as nextTurn } from "node:timers/promises";

/** A `fetch` that knows how many of its requests are in flight. */
export interface FetchTracker {
  /** The wrapped fetch; pass it to the SDK or to `createResilientFetch`. */
  readonly fetch: typeof globalThis.fetch;
  /** Requests sent whose response body has not been read yet. */
  readonly inFlight: number;
  /**
   * Waits, in real time, until no request is in flight and pending promise callbacks have
   * run. With fake timers, real I/O still needs event-loop turns; call this before moving
   * fake time on, so a request reaches the server at the fake time it was sent.
   */
  settle(): Promise<void>;
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
    async settle() {
      // Promise callbacks queued by finished I/O run before the next turn resolves.
      do {
        await nextTurn();
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
