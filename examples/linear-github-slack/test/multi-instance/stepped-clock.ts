import type { Clock, ClockTimer } from "@contexten/core";

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * Simulated time shared by several processes: each process holds one, and a coordinator
 * moves them all to the same instant, one due timer at a time, waiting for the work each
 * timer starts (HTTP, Redis, SQL) to finish before going on. Nothing in the simulation
 * depends on how fast the machine is.
 */
export class SteppedClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, Timer>();

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): ClockTimer {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), callback };
    this.#timers.set(timer.id, timer);
    return timer.id;
  }

  clearTimeout(timer: ClockTimer): void {
    this.#timers.delete(timer as number);
  }

  /** When the next timer is due, if any. */
  nextAt(): number | undefined {
    let next: number | undefined;
    for (const timer of this.#timers.values())
      if (next === undefined || timer.at < next) next = timer.at;
    return next;
  }

  /**
   * Fires every timer due by `until`, earliest first (time set to each one's due time),
   * calling `settle` after each, then sets the time to `until`.
   */
  async advanceTo(until: number, settle: () => Promise<void>): Promise<void> {
    for (;;) {
      let due: Timer | undefined;
      for (const timer of this.#timers.values()) {
        if (
          timer.at <= until &&
          (due === undefined || timer.at < due.at || (timer.at === due.at && timer.id < due.id))
        ) {
          due = timer;
        }
      }
      if (!due) break;
      this.#timers.delete(due.id);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
      await settle();
    }
    this.#now = Math.max(this.#now, until);
  }
}
