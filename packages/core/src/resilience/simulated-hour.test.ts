import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RateLimitWaitInfo } from "../contracts/instrumentation";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import {
  type FakePlatformServer,
  githubRateLimit,
  runFakeTimeUntil,
  slackRateLimit,
  startFakePlatformServer,
  trackFetch,
} from "../testing/fake-platform-server/index";
import { classifyGitHubResponse, classifySlackResponse } from "./platform-classifiers";
import { resolveGitHubRequest, resolveSlackRequest } from "./platform-requests";
import { createResilientFetch } from "./resilient-fetch";

const HOUR = 3_600_000;
/** Fires the next fake timer; `runFakeTimeUntil` then lets real I/O and promises settle. */
const advance = async () => {
  vi.advanceTimersToNextTimer();
};
const START = Date.UTC(2030, 0, 1, 9);

let server: FakePlatformServer | undefined;
beforeEach(() => {
  // Real sockets need real event-loop turns; only time itself is faked.
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
  vi.setSystemTime(START);
});
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

/**
 * Issues `perTick` calls every `everyMs` until stopped; counts how they end. Each call has
 * its own AbortController (thousands of listeners on one signal would make the test slow).
 */
function demand(
  everyMs: number,
  perTick: number,
  call: (index: number, signal: AbortSignal) => Promise<Response>,
) {
  const pending = new Set<AbortController>();
  const outcome = { issued: 0, succeeded: 0, failed: [] as unknown[] };
  const timer = setInterval(() => {
    for (let index = 0; index < perTick; index += 1) {
      outcome.issued += 1;
      const controller = new AbortController();
      pending.add(controller);
      call(outcome.issued, controller.signal)
        .then(
          (response) => {
            if (response.ok) outcome.succeeded += 1;
            else outcome.failed.push(response.status);
          },
          (error: unknown) => {
            if (!controller.signal.aborted) outcome.failed.push(error);
          },
        )
        .finally(() => pending.delete(controller));
    }
  }, everyMs);
  return {
    outcome,
    stop() {
      clearInterval(timer);
      for (const controller of pending) controller.abort();
    },
  };
}

describe("a simulated hour against fake platforms over real HTTP", () => {
  it("GitHub at ten times the hourly limit: never over budget, at least 95% used, never a 403/429", async () => {
    server = await startFakePlatformServer({ name: "github" });
    const rateLimit = githubRateLimit({ limit: 5_000, windowMs: HOUR });
    server.use(rateLimit).route("GET", "/repos/:owner/:repo/issues/:number", (request) => ({
      json: { number: Number(request.params.number) },
    }));
    const waits: RateLimitWaitInfo[] = [];
    const limiter = new UnifiedRateLimiter({
      instrumentation: { onRateLimitWait: (info) => waits.push(info) },
    });
    const tracker = trackFetch();
    const githubFetch = createResilientFetch({
      platform: "github",
      limiter,
      classify: classifyGitHubResponse,
      resolveRequest: resolveGitHubRequest,
      fetch: tracker.fetch,
    });
    const base = server.url;
    // 14 requests a second: 50,400 an hour, ten times GitHub's 5,000.
    const load = demand(1_000, 14, (index, signal) =>
      githubFetch(`${base}/repos/acme/api/issues/${index}`, { signal }),
    );
    await runFakeTimeUntil({ until: START + HOUR, advance, tracker });
    load.stop();
    await tracker.settle();

    const budget = 4_500; // the seed's buffer below GitHub's 5,000
    const served = server.requests.filter((request) => request.timestamp < START + HOUR);
    expect(load.outcome.issued).toBeGreaterThanOrEqual(10 * 5_000);
    expect(load.outcome.failed).toEqual([]);
    expect(
      server.requests.filter((request) => request.status === 403 || request.status === 429),
    ).toEqual([]);
    expect(rateLimit.windows.get("core")?.refused).toBe(0);
    expect(served.length).toBeLessThanOrEqual(budget);
    expect(served.length).toBeGreaterThanOrEqual(0.95 * budget);
    expect(load.outcome.succeeded).toBe(server.requests.length);
    // Spread, not spent in the first minutes: every tenth of the hour gets about a tenth.
    for (let slice = 0; slice < 9; slice += 1) {
      const from = START + (slice * HOUR) / 10;
      const count = served.filter(
        (r) => r.timestamp >= from && r.timestamp < from + HOUR / 10,
      ).length;
      expect(count).toBeLessThanOrEqual(budget / 10 + 90);
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((wait) => wait.reason === "budget" && wait.resource === "core")).toBe(true);
  });

  it("a Slack channel at ten messages a second: one a second, never a 429, and a quiet channel never waits", async () => {
    server = await startFakePlatformServer({ name: "slack" });
    const rateLimit = slackRateLimit({ perChannelPerSecond: 1 });
    server.use(rateLimit).route("POST", "/api/chat.postMessage", (request) => ({
      json: {
        ok: true,
        channel: (request.body as { channel: string }).channel,
        ts: `${request.timestamp / 1000}`,
      },
    }));
    const limiter = new UnifiedRateLimiter();
    const tracker = trackFetch();
    const slackFetch = createResilientFetch({
      platform: "slack",
      limiter,
      classify: classifySlackResponse,
      resolveRequest: resolveSlackRequest,
      fetch: tracker.fetch,
    });
    const post = (channel: string, signal: AbortSignal) =>
      slackFetch(`${server!.url}/api/chat.postMessage`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ channel, text: "deploy finished" }),
        signal,
      });
    const quietSentAt: number[] = [];
    const busy = demand(1_000, 10, (_index, signal) => post("C0BUSY", signal));
    const quiet = demand(10_000, 1, (_index, signal) => {
      quietSentAt.push(Date.now());
      return post("C0QUIET", signal);
    });
    await runFakeTimeUntil({ until: START + HOUR, advance, tracker });
    busy.stop();
    quiet.stop();
    await tracker.settle();

    const inHour = (channel: string) =>
      server!.requests.filter(
        (request) =>
          (request.body as { channel: string }).channel === channel &&
          request.timestamp < START + HOUR,
      );
    const busyPosts = inHour("C0BUSY").map((request) => request.timestamp);
    expect(busy.outcome.issued).toBeGreaterThanOrEqual(10 * 3_600);
    expect(rateLimit.refused).toBe(0);
    expect(server.requests.filter((request) => request.status !== 200)).toEqual([]);
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
});
