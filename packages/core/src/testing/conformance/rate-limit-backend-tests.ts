import { expect, it } from "vitest";
import type {
  AcquireAttempt,
  BucketCharge,
  RateLimitBackend,
  RateLimitBucket,
} from "../../rate-limit/rate-limit-backend";

/** Fixed start time: nothing in the suite reads the real clock. */
const T0 = Date.UTC(2030, 0, 1, 9);

/** Bucket definitions, unique per test through `prefix`. */
export function conformanceBuckets(prefix: string) {
  const window: RateLimitBucket = {
    key: `${prefix}:window`,
    limit: 100,
    windowMs: 60_000,
    refill: "window",
    burst: 10,
  };
  const small: RateLimitBucket = {
    key: `${prefix}:small`,
    limit: 5,
    windowMs: 60_000,
    refill: "window",
    burst: 1,
  };
  const continuous: RateLimitBucket = {
    key: `${prefix}:continuous`,
    limit: 60,
    windowMs: 60_000,
    refill: "continuous",
    burst: 6,
  };
  return { window, small, continuous };
}

function granted(attempt: AcquireAttempt) {
  if (!attempt.granted) {
    throw new Error(`expected a grant, got a wait of ${attempt.retryInMs} ms on ${attempt.bucket}`);
  }
  return attempt.receipts;
}

const one = (bucket: RateLimitBucket, cost = 1): BucketCharge[] => [{ bucket, cost }];

/**
 * The `RateLimitBackend` contract, bucket arithmetic included: every implementation must
 * answer exactly as core's memory backend does. `current` returns the test's backend,
 * `prefix` a bucket-key prefix unique to the test, `peer` (optional) a second backend
 * sharing the same state, as another instance would.
 */
export function describeRateLimitBackend(
  current: () => RateLimitBackend,
  prefix: () => string,
  peer: (() => RateLimitBackend) | undefined,
): void {
  it("grants the burst at once, then paces the rest along the window", async () => {
    const { window } = conformanceBuckets(prefix());
    const backend = current();
    const receipts = granted(await backend.tryAcquire(one(window, 10), T0));
    expect(receipts).toEqual([{ bucket: window, cost: 10, windowId: expect.any(Number) }]);
    expect(await backend.tryAcquire(one(window), T0)).toEqual({
      granted: false,
      retryInMs: 600, // one unit of 100 per minute
      limitedBy: "budget",
      bucket: window.key,
    });
    granted(await backend.tryAcquire(one(window), T0 + 600));
    expect(await backend.inspect(window, T0 + 600)).toEqual({
      key: window.key,
      limit: 100,
      remaining: 89,
      resetAt: T0 + 60_000,
      blockedUntil: undefined,
    });
  });

  it("reports a bucket never used as full", async () => {
    const { window } = conformanceBuckets(prefix());
    expect(await current().inspect(window, T0)).toEqual({
      key: window.key,
      limit: 100,
      remaining: 100,
      resetAt: undefined,
      blockedUntil: undefined,
    });
  });

  it("takes every charge or none, naming the bucket that binds", async () => {
    const { window, small } = conformanceBuckets(prefix());
    const backend = current();
    const charges = [...one(window), ...one(small)];
    granted(await backend.tryAcquire(charges, T0));
    expect(await backend.tryAcquire(charges, T0)).toEqual({
      granted: false,
      retryInMs: 12_000,
      limitedBy: "budget",
      bucket: small.key,
    });
    expect((await backend.inspect(window, T0)).remaining).toBe(99);
    expect((await backend.inspect(small, T0)).remaining).toBe(4);
  });

  it("only answers on a dry run", async () => {
    const { window } = conformanceBuckets(prefix());
    const backend = current();
    expect(await backend.tryAcquire(one(window, 5), T0, { dryRun: true })).toEqual({
      granted: true,
      receipts: [],
    });
    expect((await backend.inspect(window, T0)).remaining).toBe(100);
  });

  it("gives refunds back in the same window, takes more with negative ones, drops stale ones", async () => {
    const { window } = conformanceBuckets(prefix());
    const backend = current();
    const receipts = granted(await backend.tryAcquire(one(window, 10), T0));
    await backend.refund(receipts, T0 + 1);
    expect((await backend.inspect(window, T0 + 1)).remaining).toBe(100);
    const again = granted(await backend.tryAcquire(one(window, 10), T0 + 2));
    await backend.refund([{ ...again[0]!, cost: -5 }], T0 + 3);
    expect((await backend.inspect(window, T0 + 3)).remaining).toBe(85);
    // The window closes; a refund of a receipt from the old window changes nothing.
    granted(await backend.tryAcquire(one(window), T0 + 60_000));
    await backend.refund(again, T0 + 60_001);
    expect((await backend.inspect(window, T0 + 60_001)).remaining).toBe(99);
  });

  it("comes back full when the window resets", async () => {
    const { window } = conformanceBuckets(prefix());
    const backend = current();
    granted(await backend.tryAcquire(one(window, 10), T0));
    expect(await backend.inspect(window, T0 + 60_000)).toMatchObject({
      remaining: 100,
      resetAt: undefined,
    });
  });

  it("lets an oversized charge through once, then waits for the window to end", async () => {
    const { small } = conformanceBuckets(prefix());
    const backend = current();
    granted(await backend.tryAcquire(one(small, 12), T0));
    expect(await backend.tryAcquire(one(small), T0 + 1_000)).toMatchObject({
      granted: false,
      retryInMs: 59_000,
    });
    expect((await backend.inspect(small, T0 + 1_000)).remaining).toBe(0);
  });

  it("adopts the platform's window and count, never raises the budget, lowers the limit", async () => {
    const { window } = conformanceBuckets(prefix());
    const backend = current();
    await backend.observe(window, { remaining: 40, resetAt: T0 + 30_000 }, T0);
    expect(await backend.inspect(window, T0)).toMatchObject({
      remaining: 40,
      resetAt: T0 + 30_000,
    });
    // Same window (reset times within a second): the reset moves, the count stays.
    await backend.observe(window, { remaining: 80, resetAt: T0 + 30_200 }, T0 + 10);
    expect(await backend.inspect(window, T0 + 10)).toMatchObject({
      remaining: 40,
      resetAt: T0 + 30_200,
    });
    await backend.observe(window, { limit: 50 }, T0 + 20);
    expect(await backend.inspect(window, T0 + 20)).toMatchObject({ limit: 50, remaining: 0 });
    // A report about a window already over is ignored.
    await backend.observe(window, { remaining: 0, resetAt: T0 }, T0 + 30);
    expect((await backend.inspect(window, T0 + 30)).resetAt).toBe(T0 + 30_200);
  });

  it("paces what is left after a report over the rest of the platform's window", async () => {
    const { window } = conformanceBuckets(prefix());
    const backend = current();
    await backend.observe(window, { remaining: 50, resetAt: T0 + 50_000 }, T0);
    granted(await backend.tryAcquire(one(window, 10), T0));
    expect(await backend.tryAcquire(one(window), T0)).toMatchObject({
      granted: false,
      retryInMs: 1_000, // 50 units over 50 s
    });
  });

  it("holds every charge on a bucket during a Retry-After pause", async () => {
    const { window } = conformanceBuckets(prefix());
    const backend = current();
    await backend.observe(window, { blockedUntil: T0 + 5_000 }, T0);
    expect(await backend.tryAcquire(one(window), T0)).toEqual({
      granted: false,
      retryInMs: 5_000,
      limitedBy: "retry-after",
      bucket: window.key,
    });
    expect((await backend.inspect(window, T0 + 1)).blockedUntil).toBe(T0 + 5_000);
    granted(await backend.tryAcquire(one(window), T0 + 5_000));
    expect((await backend.inspect(window, T0 + 5_000)).blockedUntil).toBeUndefined();
  });

  it("refills a continuous bucket at limit per window", async () => {
    const { continuous } = conformanceBuckets(prefix());
    const backend = current();
    granted(await backend.tryAcquire(one(continuous, 6), T0));
    expect(await backend.tryAcquire(one(continuous), T0)).toMatchObject({
      granted: false,
      retryInMs: 1_000,
    });
    expect(await backend.inspect(continuous, T0)).toMatchObject({
      remaining: 0,
      resetAt: T0 + 6_000,
    });
    granted(await backend.tryAcquire(one(continuous), T0 + 1_000));
    await backend.observe(continuous, { remaining: 0 }, T0 + 4_000);
    expect((await backend.inspect(continuous, T0 + 4_000)).remaining).toBe(0);
  });

  it("grants exactly the budget to concurrent callers", async () => {
    const { small } = conformanceBuckets(prefix());
    const backend = current();
    const burst = { ...small, burst: 5 };
    const attempts = await Promise.all(
      Array.from({ length: 40 }, () => backend.tryAcquire(one(burst), T0)),
    );
    expect(attempts.filter((attempt) => attempt.granted)).toHaveLength(5);
    expect((await backend.inspect(burst, T0)).remaining).toBe(0);
  });

  if (peer) {
    it("shares grants, refunds and pauses with another instance", async () => {
      const { window } = conformanceBuckets(prefix());
      const backend = current();
      const other = peer();
      const receipts = granted(await backend.tryAcquire(one(window, 10), T0));
      expect(await other.tryAcquire(one(window), T0)).toMatchObject({
        granted: false,
        retryInMs: 600,
      });
      await other.refund(receipts, T0 + 1);
      expect((await backend.inspect(window, T0 + 1)).remaining).toBe(100);
      await other.observe(window, { blockedUntil: T0 + 9_000 }, T0 + 2);
      expect(await backend.tryAcquire(one(window), T0 + 3)).toMatchObject({
        granted: false,
        limitedBy: "retry-after",
        retryInMs: 8_997,
      });
    });
  }
}
