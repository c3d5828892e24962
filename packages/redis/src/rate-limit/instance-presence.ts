import type { RedisClient } from "./bucket-script-client";

/** Heartbeats are refreshed this often when the backend is used, ms of real time. */
const BEAT_EVERY_MS = 10_000;
/** An instance that has not beaten for this long no longer counts, ms of real time. */
const ALIVE_FOR_MS = 30_000;

function realNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Counts the instances sharing a key prefix, so each knows its share of the budget if
 * Redis goes away: a sorted set of instance ids scored by when their heartbeat expires.
 * Heartbeats ride on normal use (at most one every 10 s, never awaited): no timer runs.
 * Real time is used on purpose: liveness is about wall-clock seconds, not the injected
 * clock that budgets follow.
 */
export class InstancePresence {
  #lastBeat = Number.NEGATIVE_INFINITY;
  #count = 1;

  constructor(
    private readonly client: RedisClient,
    private readonly key: string,
    private readonly id: string,
  ) {}

  /** Instances seen alive at the last heartbeat (this one included); 1 before any. */
  get lastCount(): number {
    return this.#count;
  }

  /** Refreshes this instance's heartbeat and the count, unless done recently (or `force`). */
  beat(force = false): void {
    const now = realNow();
    if (!force && now - this.#lastBeat < BEAT_EVERY_MS) return;
    this.#lastBeat = now;
    this.client
      .multi()
      .zadd(this.key, now + ALIVE_FOR_MS, this.id)
      .zremrangebyscore(this.key, "-inf", now)
      .zcard(this.key)
      .pexpire(this.key, ALIVE_FOR_MS)
      .exec()
      .then((results) => {
        const count = Number(results?.[2]?.[1]);
        if (count >= 1) this.#count = count;
      })
      .catch(() => {
        // An outage is handled where budgets are taken; the count just stays as it was.
        this.#lastBeat = Number.NEGATIVE_INFINITY;
      });
  }
}
