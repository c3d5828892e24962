import { MemoryRateLimitBackend, UnifiedRateLimiter } from "@contexten/core";
import { createResilientFetch } from "@contexten/core/adapter";
import {
  type FakeTimeHarness,
  fakeTimeHarnessPerTest,
  faults,
  settlementLog,
  startDemand,
} from "@contexten/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { slackRateLimit } from "../testing/slack-rate-limit";
import { slackRateLimitProfile } from "./slack-rate-limits";
import { classifySlackResponse, resolveSlackRequest } from "./slack-request-rules";

const HOUR = 3_600_000;
const START = Date.UTC(2030, 0, 1, 9);
const harness = fakeTimeHarnessPerTest({ beforeEach, afterEach }, vi, { startAt: START });

describe("Slack's rate-limit profile", () => {
  it("keeps queues per resource apart: a busy Slack channel does not hold up another", async () => {
    const limiter = new UnifiedRateLimiter({ profiles: [slackRateLimitProfile()] });
    const settled = settlementLog(START);
    await limiter.acquire("slack", "chat.postMessage:C1", { kind: "create" });
    settled.track("C1", limiter.acquire("slack", "chat.postMessage:C1", { kind: "create" }));
    settled.track("C2", limiter.acquire("slack", "chat.postMessage:C2", { kind: "create" }));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled.entries).toEqual(["C2@0"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(settled.entries).toEqual(["C2@0", "C1@1000"]);
  });

  it("lets the config override a preset budget, including dynamic ones", async () => {
    const limiter = new UnifiedRateLimiter({
      profiles: [slackRateLimitProfile()],
      config: {
        budgets: {
          slack: { "channel:*": { limit: 2, windowSeconds: 1, refill: "continuous", burst: 2 } },
        },
      },
    });
    await limiter.acquire("slack", "chat.postMessage:C1");
    await limiter.acquire("slack", "chat.postMessage:C1");
    expect((await limiter.getRemaining("slack", "chat.postMessage:C1")).remaining).toBe(0);
  });

  it("drops per-channel buckets again once they are back to full", async () => {
    const backend = new MemoryRateLimitBackend();
    const limiter = new UnifiedRateLimiter({
      backend,
      profiles: [slackRateLimitProfile({ rateLimitRequests: 1_000_000 })],
    });
    for (let channel = 0; channel < 1_100; channel += 1) {
      await limiter.acquire("slack", `chat.postMessage:C${channel}`);
    }
    const peak = backend.size;
    expect(peak).toBeGreaterThan(1_000);
    vi.setSystemTime(START + 3_600_000);
    for (let index = 0; index < 1_024; index += 1)
      await limiter.getRemaining("slack", "users.info");
    await limiter.acquire("slack", "users.info");
    expect(backend.size).toBeLessThan(10);
  });
});

/**
 * Slack's `chat.postMessage` on the harness's fake server (paced at one post a second per
 * channel, 429 + Retry-After beyond), and a resilient fetch with Slack's rules and a
 * limiter posting to it the way `@slack/web-api` does: a form-encoded POST.
 */
function slackPosting(harness: FakeTimeHarness) {
  const rateLimit = slackRateLimit({ perChannelPerSecond: 1 });
  harness.server.use(rateLimit).route("POST", "/api/chat.postMessage", (request) => ({
    json: {
      ok: true,
      channel: (request.body as { channel: string }).channel,
      ts: `${request.timestamp / 1000}`,
    },
  }));
  const slackFetch = createResilientFetch({
    platform: "slack",
    limiter: new UnifiedRateLimiter({ profiles: [slackRateLimitProfile()] }),
    classify: classifySlackResponse,
    resolveRequest: resolveSlackRequest,
    fetch: harness.tracker.fetch,
  });
  const post = (channel: string, text: string, signal?: AbortSignal) =>
    slackFetch(`${harness.server.url}/api/chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ channel, text }),
      ...(signal ? { signal } : {}),
    });
  return { rateLimit, post };
}

function fakeSlack() {
  const { rateLimit, post } = slackPosting(harness());
  const posts = () =>
    harness().server.requests.map((request) => {
      const body = request.body as { channel: string; text: string };
      return `${body.text}:${request.status}@${request.timestamp - START}`;
    });
  return { rateLimit, post, posts };
}

describe("posting through the resilient fetch with Slack's rules", () => {
  it("a post refused with 429 + Retry-After keeps its place: the one queued behind it goes after it", async () => {
    const slack = fakeSlack();
    harness().server.fail(
      { ...faults.tooManyRequests(30), json: { ok: false, error: "ratelimited" } },
      { path: "/api/chat.postMessage" },
    );
    const settled = settlementLog(START);
    const first = settled.track("first", slack.post("C0THREAD", "first"));
    const second = settled.track("second", slack.post("C0THREAD", "second"));
    await harness().tracker.settle();
    expect(slack.posts()).toEqual(["first:429@0"]);

    await harness().elapse(29_999);
    expect(slack.posts()).toEqual(["first:429@0"]);
    await harness().elapse(1);
    expect(slack.posts()).toEqual(["first:429@0", "first:200@30000"]);
    await harness().elapse(1_000);
    expect(slack.posts()).toEqual(["first:429@0", "first:200@30000", "second:200@31000"]);
    await Promise.all([first, second]);
    expect(settled.entries).toEqual(["first@30000", "second@31000"]);
    expect(slack.rateLimit.refused).toBe(0);
  });

  it("aborting a refused post while it waits frees its place for the next one", async () => {
    const slack = fakeSlack();
    harness().server.fail(
      { ...faults.tooManyRequests(30), json: { ok: false, error: "ratelimited" } },
      { path: "/api/chat.postMessage" },
    );
    const controller = new AbortController();
    const settled = settlementLog(START);
    const first = settled.track("first", slack.post("C0THREAD", "first", controller.signal));
    settled.track("second", slack.post("C0THREAD", "second"));
    await harness().tracker.settle();
    controller.abort();
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    // The channel is still paused by Slack's Retry-After; then "second" goes at once.
    await harness().elapse(29_999);
    expect(slack.posts()).toEqual(["first:429@0"]);
    await harness().elapse(1);
    expect(slack.posts()).toEqual(["first:429@0", "second:200@30000"]);
    expect(settled.entries).toEqual(["first!AbortError@0", "second@30000"]);
  });

  it("a simulated hour of a Slack channel at ten messages a second: one a second, never a 429, a quiet channel never waits", async () => {
    const { rateLimit, post } = slackPosting(harness());
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
    await harness().runUntil(START + HOUR);
    busy.stop();
    quiet.stop();
    await harness().tracker.settle();

    const inHour = (channel: string) =>
      harness().server.requests.filter(
        (request) =>
          (request.body as { channel: string }).channel === channel &&
          request.timestamp < START + HOUR,
      );
    const busyPosts = inHour("C0BUSY").map((request) => request.timestamp);
    expect(busy.outcome.issued).toBeGreaterThanOrEqual(10 * 3_600);
    expect(rateLimit.refused).toBe(0);
    expect(harness().server.requests.filter((request) => request.status !== 200)).toEqual([]);
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
