import { type RateLimitWaitInfo, UnifiedRateLimiter } from "@contexten/core";
import { createResilientFetch } from "@contexten/core/adapter";
import { fakeTimeHarnessPerTest, settlementLog, startDemand } from "@contexten/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { githubFaults } from "../testing/github-faults";
import { githubRateLimit } from "../testing/github-rate-limit";
import { githubRateLimitProfile } from "./github-rate-limits";
import { classifyGitHubResponse, resolveGitHubRequest } from "./github-request-rules";

const HOUR = 3_600_000;
const START = Date.UTC(2030, 0, 1, 9);
const harness = fakeTimeHarnessPerTest({ beforeEach, afterEach }, vi, {
  startAt: START,
  server: { name: "github" },
});

describe("GitHub's rate-limit profile", () => {
  it("reads GitHub's headers, keeping the headroom between our budget and GitHub's limit", async () => {
    const limiter = new UnifiedRateLimiter({ profiles: [githubRateLimitProfile()] });
    const grant = await limiter.acquire("github", "core");
    expect((await limiter.getRemaining("github", "core")).remaining).toBe(4_499);
    const reset = Math.ceil((START + 600_000) / 1000);
    await limiter.update(
      "github",
      "core",
      {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "4000",
        "x-ratelimit-reset": `${reset}`,
        "x-ratelimit-resource": "core",
      },
      { grant },
    );
    // 4,000 left of 5,000 is 3,500 left of our 4,500: the 500 of headroom stay untouched.
    expect(await limiter.getRemaining("github", "core")).toMatchObject({
      remaining: 3_500,
      resetAt: reset * 1000,
    });
    await limiter.update(
      "github",
      "core",
      new Headers({
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": `${reset}`,
      }),
    );
    const settled = settlementLog(START);
    settled.track("next", limiter.acquire("github", "core"));
    await vi.advanceTimersByTimeAsync(599_999);
    expect(settled.entries).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled.entries).toEqual(["next@600000"]);
  });

  it("charges GitHub mutations five secondary points and content creation its own budgets", async () => {
    const limiter = new UnifiedRateLimiter({ profiles: [githubRateLimitProfile()] });
    await limiter.acquire("github", "core", { kind: "create" });
    const status = await limiter.getRemaining("github", "core");
    const byName = Object.fromEntries(
      status.buckets.map((bucket) => [bucket.name, bucket.remaining]),
    );
    expect(byName).toEqual({ core: 4_499, "secondary-rest": 805 });
    const content = await limiter.getRemaining("github", "core");
    expect(content.remaining).toBe(4_499);
    await limiter.acquire("github", "search");
    expect((await limiter.getRemaining("github", "search")).remaining).toBe(26);
  });

  it("pauses the buckets a Retry-After names, and says so when reporting the wait", async () => {
    const waits: RateLimitWaitInfo[] = [];
    const paused = new UnifiedRateLimiter({
      profiles: [githubRateLimitProfile()],
      instrumentation: { onRateLimitWait: (info) => waits.push(info) },
    });
    await paused.update("github", "core", { "retry-after": "7" });
    expect((await paused.getRemaining("github", "core")).blockedUntil).toBe(START + 7_000);
    const pending = paused.acquire("github", "core");
    await vi.advanceTimersByTimeAsync(7_000);
    await pending;
    expect(waits).toEqual([
      { platform: "github", resource: "core", waitMs: 7_000, reason: "retry-after" },
    ]);
  });
});

/** A resilient fetch with GitHub's rules and profile. */
function githubFetch(
  extra: { instrumentation?: { onRateLimitWait: (info: RateLimitWaitInfo) => void } } = {},
) {
  return createResilientFetch({
    platform: "github",
    limiter: new UnifiedRateLimiter({ profiles: [githubRateLimitProfile()] }),
    classify: classifyGitHubResponse,
    resolveRequest: resolveGitHubRequest,
    fetch: harness().tracker.fetch,
    ...extra,
  });
}

describe("GitHub's rules in the resilient fetch", () => {
  beforeEach(() => {
    harness().server.route("GET", "/repos/:owner/:repo", (request) => ({
      json: { full_name: `${request.params.owner}/${request.params.repo}` },
    }));
  });

  it("waits out GitHub's secondary limit: Retry-After when sent, a minute when not", async () => {
    const waits: RateLimitWaitInfo[] = [];
    harness().server.fail(githubFaults.secondaryRateLimit());
    const response = githubFetch({
      instrumentation: { onRateLimitWait: (info) => waits.push(info) },
    })(`${harness().server.url}/repos/acme/api`);
    await harness().tracker.settle();
    await harness().elapse(59_999);
    expect(harness().server.requests).toHaveLength(1);
    await harness().elapse(1);
    expect((await response).status).toBe(200);
    expect(waits).toEqual([
      { platform: "github", resource: "core", waitMs: 60_000, reason: "retry-after" },
    ]);
  });

  it("a simulated hour at ten times GitHub's limit: never over budget, at least 95% used, never a 403/429", async () => {
    const rateLimit = githubRateLimit({ limit: 5_000, windowMs: HOUR });
    harness()
      .server.use(rateLimit)
      .route("GET", "/repos/:owner/:repo/issues/:number", (request) => ({
        json: { number: Number(request.params.number) },
      }));
    const waits: RateLimitWaitInfo[] = [];
    const limiter = new UnifiedRateLimiter({
      profiles: [githubRateLimitProfile()],
      instrumentation: { onRateLimitWait: (info) => waits.push(info) },
    });
    const githubFetch = createResilientFetch({
      platform: "github",
      limiter,
      classify: classifyGitHubResponse,
      resolveRequest: resolveGitHubRequest,
      fetch: harness().tracker.fetch,
    });
    // 14 requests a second: 50,400 an hour, ten times GitHub's 5,000.
    const load = startDemand({
      everyMs: 1_000,
      perTick: 14,
      call: (index, signal) =>
        githubFetch(`${harness().server.url}/repos/acme/api/issues/${index}`, { signal }),
    });
    await harness().runUntil(START + HOUR);
    load.stop();
    await harness().tracker.settle();

    const budget = 4_500; // the preset's buffer below GitHub's 5,000
    const served = harness().server.requests.filter((request) => request.timestamp < START + HOUR);
    expect(load.outcome.issued).toBeGreaterThanOrEqual(10 * 5_000);
    expect(load.outcome.failed).toEqual([]);
    expect(
      harness().server.requests.filter(
        (request) => request.status === 403 || request.status === 429,
      ),
    ).toEqual([]);
    expect(rateLimit.windows.get("core")?.refused).toBe(0);
    expect(served.length).toBeLessThanOrEqual(budget);
    expect(served.length).toBeGreaterThanOrEqual(0.95 * budget);
    expect(load.outcome.succeeded).toBe(harness().server.requests.length);
    // Spread, not spent in the first minutes: no tenth of the hour gets much more than a tenth.
    for (let slice = 0; slice < 10; slice += 1) {
      const from = START + (slice * HOUR) / 10;
      const count = served.filter(
        (request) => request.timestamp >= from && request.timestamp < from + HOUR / 10,
      ).length;
      expect(count).toBeLessThanOrEqual(budget / 10 + 90);
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((wait) => wait.reason === "budget" && wait.resource === "core")).toBe(true);
  });
});
