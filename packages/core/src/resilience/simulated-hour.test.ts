import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { RateLimitWaitInfo } from "../contracts/instrumentation";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import {
  type FakeTimeHarness,
  githubRateLimit,
  startDemand,
  startFakeTimeHarness,
} from "../testing/fake-platform-server/index";
import { slackPosting } from "./__fixtures__/slack-posting";
import { classifyGitHubResponse } from "./platform-classifiers";
import { resolveGitHubRequest } from "./platform-requests";
import { createResilientFetch } from "./resilient-fetch";

const HOUR = 3_600_000;
const START = Date.UTC(2030, 0, 1, 9);
let harness: FakeTimeHarness;
beforeEach(async () => {
  harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "fake" } });
});
afterEach(() => harness.close());

it("a simulated hour at ten times GitHub's limit: never over budget, at least 95% used, never a 403/429", async () => {
  const rateLimit = githubRateLimit({ limit: 5_000, windowMs: HOUR });
  harness.server.use(rateLimit).route("GET", "/repos/:owner/:repo/issues/:number", (request) => ({
    json: { number: Number(request.params.number) },
  }));
  const waits: RateLimitWaitInfo[] = [];
  const limiter = new UnifiedRateLimiter({
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

it("a simulated hour of a Slack channel at ten messages a second: one a second, never a 429, a quiet channel never waits", async () => {
  const { rateLimit, post } = slackPosting(harness);
  const quietSentAt: number[] = [];
  const busy = startDemand({
    everyMs: 1_000,
    perTick: 10,
    call: (_index, signal) => post("C0BUSY", "deploy finished", signal),
  });
  const quiet = startDemand({
    everyMs: 10_000,
    perTick: 1,
    call: (_index, signal) => {
      quietSentAt.push(Date.now());
      return post("C0QUIET", "deploy finished", signal);
    },
  });
  await harness.runUntil(START + HOUR);
  busy.stop();
  quiet.stop();
  await harness.tracker.settle();

  const inHour = (channel: string) =>
    harness.server.requests.filter(
      (request) =>
        (request.body as { channel: string }).channel === channel &&
        request.timestamp < START + HOUR,
    );
  const busyPosts = inHour("C0BUSY").map((request) => request.timestamp);
  expect(busy.outcome.issued).toBeGreaterThanOrEqual(10 * 3_600);
  expect(rateLimit.refused).toBe(0);
  expect(harness.server.requests.filter((request) => request.status !== 200)).toEqual([]);
  expect(busy.outcome.failed).toEqual([]);
  const gaps = busyPosts.slice(1).map((at, index) => at - busyPosts[index]!);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
  expect(busyPosts.length).toBeLessThanOrEqual(3_600);
  expect(busyPosts.length).toBeGreaterThanOrEqual(0.95 * 3_600);
  // The quiet channel's messages reach Slack the moment they are sent.
  const quietArrivals = inHour("C0QUIET").map((request) => request.timestamp);
  expect(quietArrivals.length).toBe(quietSentAt.filter((at) => at < START + HOUR).length);
  expect(quietArrivals).toEqual(quietSentAt.slice(0, quietArrivals.length));
});
