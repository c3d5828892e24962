import { UnifiedRateLimiter } from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { linearRateLimitProfile } from "./linear-rate-limits";

const START = Date.UTC(2030, 0, 1);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(START);
});
afterEach(() => vi.useRealTimers());

describe("Linear's rate-limit profile", () => {
  it("settles Linear's complexity estimate from X-Complexity and reads both budgets", async () => {
    const limiter = new UnifiedRateLimiter({ profiles: [linearRateLimitProfile()] });
    const grant = await limiter.acquire("linear", "graphql", { cost: 100 });
    await limiter.update("linear", "graphql", { "x-complexity": "12" }, { grant });
    const status = await limiter.getRemaining("linear", "graphql");
    const byName = Object.fromEntries(
      status.buckets.map((bucket) => [bucket.name, bucket.remaining]),
    );
    // Bursts are a tenth of 4,500 requests and 225,000 points.
    expect(byName).toEqual({ requests: 449, complexity: 22_500 - 12 });
    await limiter.update("linear", "graphql", {
      "x-ratelimit-requests-limit": "5000",
      "x-ratelimit-requests-remaining": "510",
      "x-ratelimit-complexity-limit": "250000",
      "x-ratelimit-complexity-remaining": "240000",
    });
    const after = await limiter.getRemaining("linear", "graphql");
    expect(after.buckets.map((bucket) => bucket.remaining)).toEqual([10, 22_488]);
  });
});
