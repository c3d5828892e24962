import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { RateLimitWaitInfo } from "../contracts/instrumentation";
import type { RateLimiter, RateLimitGrant } from "../rate-limit/rate-limiter";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import {
  type FakeTimeHarness,
  faults,
  startFakeTimeHarness,
} from "../testing/fake-platform-server/index";
import { slackPosting } from "./__fixtures__/slack-posting";
import { classifyGitHubResponse } from "./platform-classifiers";
import { resolveGitHubRequest } from "./platform-requests";
import { createResilientFetch } from "./resilient-fetch";

const START = Date.UTC(2030, 0, 1, 9);
let harness: FakeTimeHarness;
beforeEach(async () => {
  harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "fake" } });
});
afterEach(() => harness.close());

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

it("reports the Retry-After wait of a refused request once, not again from the limiter", async () => {
  harness.server.route("GET", "/repos/:owner/:repo", () => ({ json: {} }));
  harness.server.fail(faults.tooManyRequests(7));
  const executorWaits: RateLimitWaitInfo[] = [];
  const limiterWaits: RateLimitWaitInfo[] = [];
  const githubFetch = createResilientFetch({
    platform: "github",
    limiter: new UnifiedRateLimiter({
      instrumentation: { onRateLimitWait: (info) => limiterWaits.push(info) },
    }),
    classify: classifyGitHubResponse,
    resolveRequest: resolveGitHubRequest,
    instrumentation: { onRateLimitWait: (info) => executorWaits.push(info) },
    fetch: harness.tracker.fetch,
  });
  const response = githubFetch(`${harness.server.url}/repos/acme/api`);
  await harness.tracker.settle();
  await harness.elapse(7_000);
  expect((await response).status).toBe(200);
  expect(executorWaits).toEqual([
    { platform: "github", resource: "core", waitMs: 7_000, reason: "retry-after" },
  ]);
  expect(limiterWaits).toEqual([]);
});

it("still waits out Retry-After with a limiter of the host's own that ignores notBefore", async () => {
  harness.server.route("GET", "/repos/:owner/:repo", () => ({ json: {} }));
  harness.server.fail(faults.tooManyRequests(7));
  const grant = (platform: string, resource: string): RateLimitGrant => ({
    platform,
    resource,
    cost: 1,
    waitedMs: 0,
    receipts: [],
    refund: async () => {},
  });
  const neverWaits: RateLimiter = {
    acquire: async (platform, resource) => grant(platform, resource),
    update: async () => {},
    getRemaining: async (platform, resource) => ({
      platform,
      resource,
      remaining: Number.POSITIVE_INFINITY,
      resetAt: undefined,
      blockedUntil: undefined,
      buckets: [],
    }),
    waitForReset: async () => {},
    schedule: async (platform, resource, task) => task(grant(platform, resource)),
  };
  const githubFetch = createResilientFetch({
    platform: "github",
    limiter: neverWaits,
    classify: classifyGitHubResponse,
    resolveRequest: resolveGitHubRequest,
    fetch: harness.tracker.fetch,
  });
  const response = githubFetch(`${harness.server.url}/repos/acme/api`);
  await harness.tracker.settle();
  await harness.elapse(6_999);
  expect(harness.server.requests).toHaveLength(1);
  await harness.elapse(1);
  expect((await response).status).toBe(200);
  expect(harness.server.requests.map((request) => request.timestamp - START)).toEqual([0, 7_000]);
});
