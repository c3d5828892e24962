import { type RateLimitWaitInfo, UnifiedRateLimiter } from "@contexten/core";
import { createResilientFetch } from "@contexten/core/adapter";
import {
  type FakeTimeHarness,
  faults,
  githubRateLimit,
  startDemand,
  startFakeTimeHarness,
} from "@contexten/core/testing";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { githubRateLimitProfile } from "./github-rate-limits";
import { classifyGitHubResponse, resolveGitHubRequest } from "./github-request-rules";

const HOUR = 3_600_000;
const START = Date.UTC(2030, 0, 1, 9);
let harness: FakeTimeHarness;
beforeEach(async () => {
  harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "github" } });
  harness.server.route("GET", "/repos/:owner/:repo", (request) => ({
    json: { full_name: `${request.params.owner}/${request.params.repo}` },
  }));
});
afterEach(() => harness.close());

/** A resilient fetch with GitHub's rules and profile. */
function githubFetch(
  extra: { instrumentation?: { onRateLimitWait: (info: RateLimitWaitInfo) => void } } = {},
) {
  return createResilientFetch({
    platform: "github",
    limiter: new UnifiedRateLimiter({ profiles: [githubRateLimitProfile()] }),
    classify: classifyGitHubResponse,
    resolveRequest: resolveGitHubRequest,
    fetch: harness.tracker.fetch,
    ...extra,
  });
}

it("waits out GitHub's secondary limit: Retry-After when sent, a minute when not", async () => {
  const waits: RateLimitWaitInfo[] = [];
  harness.server.fail(faults.gitHubSecondaryRateLimit());
  const response = githubFetch({
    instrumentation: { onRateLimitWait: (info) => waits.push(info) },
  })(`${harness.server.url}/repos/acme/api`);
  await harness.tracker.settle();
  await harness.elapse(59_999);
  expect(harness.server.requests).toHaveLength(1);
  await harness.elapse(1);
  expect((await response).status).toBe(200);
  expect(waits).toEqual([
    { platform: "github", resource: "core", waitMs: 60_000, reason: "retry-after" },
  ]);
});

it("a simulated hour at ten times GitHub's limit: never over budget, at least 95% used, never a 403/429", async () => {
  const rateLimit = githubRateLimit({ limit: 5_000, windowMs: HOUR });
  harness.server.use(rateLimit).route("GET", "/repos/:owner/:repo/issues/:number", (request) => ({
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
    fetch: harness.tracker.fetch,
  });
  // 14 requests a second: 50,400 an hour, ten times GitHub's 5,000.
  const load = startDemand({
    everyMs: 1_000,
    perTick: 14,
    call: (index, signal) =>
      githubFetch(`${harness.server.url}/repos/acme/api/issues/${index}`, { signal }),
  });
  await harness.runUntil(START + HOUR);
  load.stop();
  await harness.tracker.settle();

  const budget = 4_500; // the preset's buffer below GitHub's 5,000
  const served = harness.server.requests.filter((request) => request.timestamp < START + HOUR);
  expect(load.outcome.issued).toBeGreaterThanOrEqual(10 * 5_000);
  expect(load.outcome.failed).toEqual([]);
  expect(
    harness.server.requests.filter((request) => request.status === 403 || request.status === 429),
  ).toEqual([]);
  expect(rateLimit.windows.get("core")?.refused).toBe(0);
  expect(served.length).toBeLessThanOrEqual(budget);
  expect(served.length).toBeGreaterThanOrEqual(0.95 * budget);
  expect(load.outcome.succeeded).toBe(harness.server.requests.length);
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
