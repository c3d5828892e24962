/** A timer handle returned by {@link Clock.setTimeout}; opaque to callers. */
export type ClockTimer = unknown;

/**
 * Where contexten reads the time and schedules timers. Everything time-based (rate-limit
 * windows, backoff, cache expiry, the fake platform server) takes one, so tests can drive
 * time with fake timers or a hand-written clock and never wait for real time to pass.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` after `ms` milliseconds. */
  setTimeout(callback: () => void, ms: number): ClockTimer;
  /** Cancels a timer from {@link Clock.setTimeout}. */
  clearTimeout(timer: ClockTimer): void;
}

/**
 * The real clock: `Date.now` and the global `setTimeout`, looked up on every call so that
 * `vi.useFakeTimers()` (or any fake installed after import) takes effect.
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number): ClockTimer => globalThis.setTimeout(callback, ms),
  clearTimeout: (timer: ClockTimer) => {
    globalThis.clearTimeout(timer as ReturnType<typeof globalThis.setTimeout>);
  },
});

/** The reason an aborted signal carries, or a standard `AbortError` when it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/**
 * Resolves after `ms` milliseconds on `clock`; rejects with the signal's reason as soon as
 * `signal` aborts (and clears the timer, so nothing is left scheduled).
 */
export function sleep(
  ms: number,
  options: { clock?: Clock; signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const clock = options.clock ?? systemClock;
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0 && !signal) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = clock.setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
