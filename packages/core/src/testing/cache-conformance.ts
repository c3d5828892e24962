import { afterEach, beforeEach, describe } from "vitest";
import type { Cache } from "../cache/cache";
import type { Clock } from "../clock/clock";
import { describeCache, type ManualTime } from "./conformance/cache-tests";

/** Options for {@link runCacheConformance}. */
export interface CacheConformanceOptions {
  /** Shown in the test names, e.g. `MemoryCache`. */
  name: string;
  /**
   * Returns the cache for one test, reading time from `clock` (the suite moves it by hand)
   * with the default cache config (GitHub 300 s, Slack 60 s, others 60 s).
   */
  createCache: (clock: Clock) => Cache | Promise<Cache>;
  /**
   * Returns a second cache sharing `cache`'s entries, as another instance would (same
   * Redis, same prefix). When given, the suite checks writes and invalidations reach it.
   */
  createPeer?: ((cache: Cache, clock: Clock) => Cache | Promise<Cache>) | undefined;
  /** Called after every test with its caches (close connections, delete keys, …). */
  cleanup?: ((caches: Cache[]) => void | Promise<void>) | undefined;
}

let suiteRun = 0;

/**
 * Registers the `Cache` contract tests with vitest: entries with their validators and the
 * platform's TTL, stale entries only on request, replace and delete, glob invalidation
 * (`*`, `?`, everything else literal, the count returned), round trips of JSON, text,
 * bytes and dates, `clear`, and (with `createPeer`) sharing between instances. Time is a
 * hand-moved clock; keys are unique per test.
 *
 * ```ts
 * import { runCacheConformance } from "@contexten/core/testing/conformance";
 * runCacheConformance({ name: "MemoryCache", createCache: (clock) => new MemoryCache({ clock }) });
 * ```
 */
export function runCacheConformance(options: CacheConformanceOptions): void {
  describe(`Cache conformance: ${options.name}`, () => {
    const time: ManualTime = { now: 0 };
    const clock: Clock = {
      now: () => time.now,
      setTimeout: () => undefined,
      clearTimeout: () => {},
    };
    let caches: Cache[] = [];
    let prefix = "";
    beforeEach(async () => {
      suiteRun += 1;
      prefix = `conformance-${suiteRun}`;
      time.now = Date.UTC(2030, 0, 1, 9);
      caches = [await options.createCache(clock)];
      if (options.createPeer) caches.push(await options.createPeer(caches[0]!, clock));
    });
    afterEach(async () => {
      await options.cleanup?.(caches);
      caches = [];
    });
    const current = (): Cache => {
      const cache = caches[0];
      if (!cache) throw new Error("createCache() did not return a cache");
      return cache;
    };
    describeCache(current, time, () => prefix, options.createPeer ? () => caches[1]! : undefined);
  });
}
