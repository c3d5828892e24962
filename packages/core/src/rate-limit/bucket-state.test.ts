import { describe, expect, it } from "vitest";
import {
  advanceBucket,
  bucketWaitMs,
  createBucketState,
  isPristine,
  observeBucket,
  refundToBucket,
  snapshotBucket,
  takeFromBucket,
} from "./bucket-state";
import type { RateLimitBucket } from "./rate-limit-backend";

const windowBucket: RateLimitBucket = {
  key: "test:window",
  limit: 100,
  windowMs: 100_000,
  refill: "window",
  burst: 10,
};
const tokenBucket: RateLimitBucket = {
  key: "test:tokens",
  limit: 60,
  windowMs: 60_000,
  refill: "continuous",
  burst: 5,
};

/** Takes one unit at a time as soon as allowed, for `duration` ms; returns grant times. */
function drain(bucket: RateLimitBucket, duration: number, start = 0): number[] {
  const state = createBucketState(bucket, start);
  const grants: number[] = [];
  let now = start;
  while (now < start + duration) {
    advanceBucket(state, bucket, now);
    const wait = bucketWaitMs(state, bucket, 1, now);
    if (wait === 0) {
      takeFromBucket(state, bucket, 1, now);
      grants.push(now);
    } else {
      now += wait;
    }
  }
  return grants;
}

describe("window buckets", () => {
  it("release the burst at once, then pace the rest so the budget lasts the window", () => {
    const grants = drain(windowBucket, 100_000);
    expect(grants).toHaveLength(100);
    expect(grants.slice(0, 10)).toEqual(Array(10).fill(0));
    // After the burst, one unit per (window - 0) / (limit) = 1,000 ms.
    expect(grants[10]).toBe(1_000);
    expect(grants[50]).toBe(41_000);
    expect(grants[99]).toBe(90_000);
  });

  it("never exceed the limit in a window and start a new one at the reset", () => {
    const grants = drain(windowBucket, 250_000);
    const perWindow = [0, 1, 2].map(
      (index) => grants.filter((at) => at >= index * 100_000 && at < (index + 1) * 100_000).length,
    );
    // The third window is half over: its burst plus one unit a second for 49 s.
    expect(perWindow).toEqual([100, 100, 59]);
  });

  it("let idle time accrue, so light traffic never waits", () => {
    const state = createBucketState(windowBucket, 0);
    for (let index = 0; index < 10; index += 1) takeFromBucket(state, windowBucket, 1, 0);
    expect(bucketWaitMs(state, windowBucket, 1, 0)).toBe(1_000);
    advanceBucket(state, windowBucket, 50_000);
    expect(bucketWaitMs(state, windowBucket, 40, 50_000)).toBe(0);
    expect(bucketWaitMs(state, windowBucket, 60, 50_000)).toBeGreaterThan(0);
  });

  it("adopt the platform's window and count, but never raise the budget above ours", () => {
    const state = createBucketState(windowBucket, 0);
    takeFromBucket(state, windowBucket, 5, 0);
    // Same window (reset within a second of ours): the platform saw fewer, we keep ours.
    observeBucket(state, windowBucket, { limit: 100, remaining: 98, resetAt: 100_400 }, 10);
    expect(snapshotBucket(state, windowBucket, 10)).toMatchObject({
      remaining: 95,
      resetAt: 100_400,
    });
    // Someone else spent budget on the same token: the platform count wins.
    observeBucket(state, windowBucket, { limit: 100, remaining: 40, resetAt: 100_400 }, 20);
    expect(snapshotBucket(state, windowBucket, 20).remaining).toBe(40);
    // A later window: adopt its count.
    advanceBucket(state, windowBucket, 100_500);
    observeBucket(state, windowBucket, { limit: 100, remaining: 90, resetAt: 300_000 }, 100_500);
    expect(snapshotBucket(state, windowBucket, 100_500)).toMatchObject({
      remaining: 90,
      resetAt: 300_000,
    });
  });

  it("ignore reports about a window that is already over", () => {
    const state = createBucketState(windowBucket, 0);
    takeFromBucket(state, windowBucket, 1, 0);
    observeBucket(state, windowBucket, { remaining: 0, resetAt: 5 }, 10);
    expect(snapshotBucket(state, windowBucket, 10).remaining).toBe(99);
  });

  it("wait for the reset when the platform says nothing is left", () => {
    const state = createBucketState(windowBucket, 0);
    takeFromBucket(state, windowBucket, 1, 0);
    observeBucket(state, windowBucket, { limit: 100, remaining: 0, resetAt: 60_000 }, 1_000);
    expect(bucketWaitMs(state, windowBucket, 1, 1_000)).toBe(59_000);
  });

  it("refund only into the window the units came from", () => {
    const state = createBucketState(windowBucket, 0);
    const receipt = takeFromBucket(state, windowBucket, 3, 0);
    refundToBucket(state, windowBucket, receipt);
    expect(snapshotBucket(state, windowBucket, 0).remaining).toBe(100);
    const stale = takeFromBucket(state, windowBucket, 3, 0);
    advanceBucket(state, windowBucket, 100_000);
    takeFromBucket(state, windowBucket, 1, 100_000);
    refundToBucket(state, windowBucket, stale);
    expect(snapshotBucket(state, windowBucket, 100_000).remaining).toBe(99);
  });

  it("let an oversized charge through on an empty window instead of waiting forever", () => {
    const state = createBucketState(windowBucket, 0);
    expect(bucketWaitMs(state, windowBucket, 500, 0)).toBe(0);
    takeFromBucket(state, windowBucket, 500, 0);
    expect(bucketWaitMs(state, windowBucket, 1, 0)).toBe(100_000);
  });
});

describe("continuous buckets", () => {
  it("refill at limit / window and hold at most the burst", () => {
    const grants = drain(tokenBucket, 60_000);
    expect(grants.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(grants[5]).toBe(1_000);
    // Any 60 s holds at most burst - 1 + limit grants; steady state one a second.
    expect(grants.length).toBe(5 + 59);
  });

  it("lower tokens to what the platform reports and never raise them", () => {
    const state = createBucketState(tokenBucket, 0);
    observeBucket(state, tokenBucket, { remaining: 2 }, 0);
    expect(snapshotBucket(state, tokenBucket, 0).remaining).toBe(2);
    observeBucket(state, tokenBucket, { remaining: 5000 }, 0);
    expect(snapshotBucket(state, tokenBucket, 0).remaining).toBe(2);
  });

  it("settle an over-estimate by refunding the difference", () => {
    const state = createBucketState(tokenBucket, 0);
    const receipt = takeFromBucket(state, tokenBucket, 4, 0);
    refundToBucket(state, tokenBucket, { ...receipt, cost: 3 });
    expect(snapshotBucket(state, tokenBucket, 0).remaining).toBe(4);
    expect(isPristine(state, tokenBucket)).toBe(false);
    advanceBucket(state, tokenBucket, 10_000);
    expect(isPristine(state, tokenBucket)).toBe(true);
  });

  it("honour a platform pause before anything else", () => {
    const state = createBucketState(tokenBucket, 0);
    observeBucket(state, tokenBucket, { blockedUntil: 7_000 }, 0);
    expect(bucketWaitMs(state, tokenBucket, 1, 0)).toBe(7_000);
    advanceBucket(state, tokenBucket, 7_000);
    expect(bucketWaitMs(state, tokenBucket, 1, 7_000)).toBe(0);
  });
});
