import {
  type FakePlatformServer,
  type FakePlatformServerOptions,
  startFakePlatformServer,
} from "./fake-platform-server";
import { FAKE_TIME_TIMERS, type FetchTracker, runFakeTimeUntil, trackFetch } from "./fake-time";

/** The part of vitest's `vi` (or any fake-timer library) the harness drives. */
export interface FakeTimerControl {
  /** Installs fake timers. */
  useFakeTimers(config: { toFake: (typeof FAKE_TIME_TIMERS)[number][] }): unknown;
  /** Sets the faked `Date`. */
  setSystemTime(now: number): unknown;
  /** Moves fake time on, firing due timers. */
  advanceTimersByTime(ms: number): unknown;
  /** Fires the next timer, moving fake time to it. */
  advanceTimersToNextTimer(): unknown;
  /** Restores real timers. */
  useRealTimers(): unknown;
}

/** A fake platform server, a tracked fetch and fake time, ready for one test. */
export interface FakeTimeHarness {
  /** The fake platform. */
  server: FakePlatformServer;
  /** A fetch whose in-flight requests the harness waits for; hand `tracker.fetch` to clients. */
  tracker: FetchTracker;
  /** Moves fake time by `ms`, then lets real I/O settle. */
  elapse(ms: number): Promise<void>;
  /** Runs fake time to `until` timer by timer, settling I/O after each (see `runFakeTimeUntil`). */
  runUntil(until: number): Promise<void>;
  /** Closes the server and restores real timers. */
  close(): Promise<void>;
}

/**
 * Sets up a test of real HTTP under fake time: fakes the timers in
 * {@link FAKE_TIME_TIMERS}, sets the clock to `startAt`, starts a fake platform server and
 * a tracked fetch. Pass vitest's `vi`:
 *
 * @example
 * let harness: FakeTimeHarness;
 * beforeEach(async () => { harness = await startFakeTimeHarness(vi, { startAt: Date.UTC(2030, 0, 1) }); });
 * afterEach(() => harness.close());
 */
export async function startFakeTimeHarness(
  timers: FakeTimerControl,
  options: { startAt: number; server?: FakePlatformServerOptions },
): Promise<FakeTimeHarness> {
  timers.useFakeTimers({ toFake: [...FAKE_TIME_TIMERS] });
  timers.setSystemTime(options.startAt);
  const server = await startFakePlatformServer(options.server);
  const tracker = trackFetch();
  return {
    server,
    tracker,
    async elapse(ms) {
      timers.advanceTimersByTime(ms);
      await tracker.settle();
    },
    runUntil: (until) =>
      runFakeTimeUntil({
        until,
        advance: async () => timers.advanceTimersToNextTimer(),
        tracker,
      }),
    async close() {
      timers.useRealTimers();
      await server.close();
    },
  };
}

/** A test runner's hooks (vitest's, say), passed in: this entry imports no test runner. */
export interface TestHooks {
  /** Registers work to run before each test. */
  beforeEach(run: () => unknown): unknown;
  /** Registers work to run after each test. */
  afterEach(run: () => unknown): unknown;
}

/**
 * A fresh {@link FakeTimeHarness} for every test of a file: started before each test,
 * closed after it. Returns a function giving the running test's harness.
 *
 * @example
 * const harness = fakeTimeHarnessPerTest({ beforeEach, afterEach }, vi, { startAt: Date.UTC(2030, 0, 1) });
 * it("retries after Retry-After", async () => {
 *   harness().server.fail(faults.tooManyRequests(7));
 *   …
 * });
 */
export function fakeTimeHarnessPerTest(
  hooks: TestHooks,
  timers: FakeTimerControl,
  options: { startAt: number; server?: FakePlatformServerOptions },
): () => FakeTimeHarness {
  let current: FakeTimeHarness | undefined;
  hooks.beforeEach(async () => {
    current = await startFakeTimeHarness(timers, options);
  });
  hooks.afterEach(async () => {
    const harness = current;
    current = undefined;
    await harness?.close();
  });
  return () => {
    if (!current) throw new Error("The fake-time harness exists only while a test runs.");
    return current;
  };
}
