import type { Clock, ClockTimer } from "@contexten/core";

interface Timer {
  due: number;
  order: number;
  callback: () => void;
}

/**
 * A clock that moves only when told: `advance(ms)` fires every timer due within `ms`, in
 * order, letting the work each one starts settle before the next. For tests of timeouts,
 * sleeps and backoff that must not wait for real time.
 */
export class ManualClock implements Clock {
  #now: number;
  #order = 0;
  readonly #timers = new Set<Timer>();

  constructor(start: number | Date = Date.parse("2030-03-01T00:00:00.000Z")) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): ClockTimer {
    const timer: Timer = { due: this.#now + Math.max(0, ms), order: this.#order++, callback };
    this.#timers.add(timer);
    return timer;
  }

  clearTimeout(timer: ClockTimer): void {
    this.#timers.delete(timer as Timer);
  }

  /** Timers not fired yet. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, firing due timers one at a time at their own due time.
   * `settle` (default: a few turns of the event loop) runs before each timer and at the end,
   * so work a timer starts can schedule the next timer in the same advance.
   */
  async advance(ms: number, settle: () => Promise<void> = turns): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await settle();
      let next: Timer | undefined;
      for (const timer of this.#timers) {
        if (timer.due > target) continue;
        if (!next || timer.due < next.due || (timer.due === next.due && timer.order < next.order)) {
          next = timer;
        }
      }
      if (!next) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = target;
    await settle();
  }
}

async function turns(): Promise<void> {
  for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}
