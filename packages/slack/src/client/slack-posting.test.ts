import { UnifiedRateLimiter } from "@contexten/core";
import { createResilientFetch } from "@contexten/core/adapter";
import {
  type FakeTimeHarness,
  faults,
  slackRateLimit,
  startDemand,
  startFakeTimeHarness,
} from "@contexten/core/testing";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { slackRateLimitProfile } from "./slack-rate-limits";
import { classifySlackResponse, resolveSlackRequest } from "./slack-request-rules";

const HOUR = 3_600_000;
const START = Date.UTC(2030, 0, 1, 9);
let harness: FakeTimeHarness;
beforeEach(async () => {
  harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "slack" } });
});
afterEach(() => harness.close());

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

/** Records when each promise settles, in fake time. */
function track(label: string, promise: Promise<Response>, log: string[]): Promise<Response> {
  promise.then(
    (response) => log.push(`${label}:${response.status}@${Date.now() - START}`),
    (error: Error) => log.push(`${label}!${error.name}@${Date.now() - START}`),
  );
  return promise;
}

function fakeSlack() {
  const { rateLimit, post } = slackPosting(harness);
  const posts = () =>
    harness.server.requests.map((request) => {
      const body = request.body as { channel: string; text: string };
      return `${body.text}:${request.status}@${request.timestamp - START}`;
    });
  return { rateLimit, post, posts };
}

it("a post refused with 429 + Retry-After keeps its place: the one queued behind it goes after it", async () => {
  const slack = fakeSlack();
  harness.server.fail(
    { ...faults.tooManyRequests(30), json: { ok: false, error: "ratelimited" } },
    { path: "/api/chat.postMessage" },
  );
  const log: string[] = [];
  const first = track("first", slack.post("C0THREAD", "first"), log);
  const second = track("second", slack.post("C0THREAD", "second"), log);
  await harness.tracker.settle();
  expect(slack.posts()).toEqual(["first:429@0"]);

  await harness.elapse(29_999);
  expect(slack.posts()).toEqual(["first:429@0"]);
  await harness.elapse(1);
  expect(slack.posts()).toEqual(["first:429@0", "first:200@30000"]);
  await harness.elapse(1_000);
  expect(slack.posts()).toEqual(["first:429@0", "first:200@30000", "second:200@31000"]);
  await Promise.all([first, second]);
  expect(log).toEqual(["first:200@30000", "second:200@31000"]);
  expect(slack.rateLimit.refused).toBe(0);
});

it("aborting a refused post while it waits frees its place for the next one", async () => {
  const slack = fakeSlack();
  harness.server.fail(
    { ...faults.tooManyRequests(30), json: { ok: false, error: "ratelimited" } },
    { path: "/api/chat.postMessage" },
  );
  const controller = new AbortController();
  const log: string[] = [];
  const first = track("first", slack.post("C0THREAD", "first", controller.signal), log);
  track("second", slack.post("C0THREAD", "second"), log);
  await harness.tracker.settle();
  controller.abort();
  await expect(first).rejects.toMatchObject({ name: "AbortError" });
  // The channel is still paused by Slack's Retry-After; then "second" goes at once.
  await harness.elapse(29_999);
  expect(slack.posts()).toEqual(["first:429@0"]);
  await harness.elapse(1);
  expect(slack.posts()).toEqual(["first:429@0", "second:200@30000"]);
  expect(log).toEqual(["first!AbortError@0", "second:200@30000"]);
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
