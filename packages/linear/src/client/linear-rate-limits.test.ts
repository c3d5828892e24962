import { UnifiedRateLimiter } from "@contexten/core";
import { createResilientFetch, executeWithResilience } from "@contexten/core/adapter";
import { fakeTimeHarnessPerTest } from "@contexten/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { linearRateLimit } from "../testing/linear-rate-limit";
import { linearRateLimitProfile } from "./linear-rate-limits";
import { classifyLinearResponse, resolveLinearRequest } from "./linear-request-rules";

const START = Date.UTC(2030, 0, 1);
const harness = fakeTimeHarnessPerTest({ beforeEach, afterEach }, vi, {
  startAt: START,
  server: { name: "linear" },
});

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

describe("Linear through the resilient fetch", () => {
  it("slows down before Linear says no, once its headers show the real budget", async () => {
    const rateLimit = linearRateLimit({ requests: { limit: 100, windowMs: 3_600_000 } });
    harness()
      .server.use(rateLimit)
      .graphql("Viewer", () => ({ json: { data: { viewer: { id: "u1" } } } }));
    const linearFetch = createResilientFetch({
      platform: "linear",
      limiter: new UnifiedRateLimiter({ profiles: [linearRateLimitProfile()] }),
      classify: classifyLinearResponse,
      resolveRequest: (request) => resolveLinearRequest(request, { complexityEstimate: 1 }),
      fetch: harness().tracker.fetch,
    });
    const ask = () =>
      linearFetch(`${harness().server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "query Viewer { viewer { id } }" }),
      });
    await ask(); // learns: 100 an hour, 99 left
    let done = 0;
    const rest = Array.from({ length: 119 }, () =>
      ask().then((response) => {
        if (response.ok) done += 1;
      }),
    );
    await harness().tracker.settle();
    // 99 left of 100, less our 2% headroom: 97 go now, the rest at Linear's refill pace.
    expect(harness().server.requests).toHaveLength(98);
    while (done < 119 && Date.now() < START + 3_600_000) {
      vi.advanceTimersToNextTimer();
      await harness().tracker.settle();
    }
    await Promise.all(rest);
    expect(rateLimit.refused).toBe(0);
    const paced = harness()
      .server.requests.slice(98)
      .map((request) => request.timestamp);
    const gaps = paced.slice(1).map((at, index) => at - paced[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(36_000); // 100 an hour is one per 36 s
  });

  it("retries a RATELIMITED answer after the reset Linear names", async () => {
    harness().server.graphql("Viewer", () => ({ json: { data: { viewer: { id: "u1" } } } }));
    harness().server.fail({
      status: 400,
      headers: {
        "x-ratelimit-requests-remaining": 0,
        "x-ratelimit-requests-reset": START + 30_000,
      },
      json: { errors: [{ message: "Rate limit exceeded", extensions: { code: "RATELIMITED" } }] },
    });
    const result = executeWithResilience(
      async ({ signal }) => {
        const response = await harness().tracker.fetch(`${harness().server.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "query Viewer { viewer { id } }" }),
          signal,
        });
        return {
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body: await response.json(),
        };
      },
      {
        platform: "linear",
        resource: "graphql",
        classify: classifyLinearResponse,
        limiter: new UnifiedRateLimiter({ profiles: [linearRateLimitProfile()] }),
      },
    );
    await harness().tracker.settle();
    vi.advanceTimersByTime(29_999);
    await harness().tracker.settle();
    expect(harness().server.requests).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await harness().tracker.settle();
    expect(await result).toMatchObject({
      status: 200,
      attempts: 2,
      body: { data: { viewer: { id: "u1" } } },
    });
  });
});
