import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { RateLimitWaitInfo } from "../contracts/instrumentation";
import { createBudgetProfile } from "../rate-limit/rate-limit-profile";
import type { RateLimiter, RateLimitGrant } from "../rate-limit/rate-limiter";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import {
  type FakeTimeHarness,
  faults,
  startFakeTimeHarness,
} from "../testing/fake-platform-server/index";
import { createResilientFetch } from "./resilient-fetch";

const START = Date.UTC(2030, 0, 1, 9);
let harness: FakeTimeHarness;
beforeEach(async () => {
  harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "fake" } });
});
afterEach(() => harness.close());

it("reports the Retry-After wait of a refused request once, not again from the limiter", async () => {
  harness.server.route("GET", "/repos/:owner/:repo", () => ({ json: {} }));
  harness.server.fail(faults.tooManyRequests(7));
  const executorWaits: RateLimitWaitInfo[] = [];
  const limiterWaits: RateLimitWaitInfo[] = [];
  const exampleFetch = createResilientFetch({
    platform: "example",
    limiter: new UnifiedRateLimiter({
      profiles: [
        createBudgetProfile("example", {
          "*": { limit: 100, windowSeconds: 60, refill: "window" },
        }),
      ],
      instrumentation: { onRateLimitWait: (info) => limiterWaits.push(info) },
    }),
    resolveRequest: () => ({ resource: "core" }),
    instrumentation: { onRateLimitWait: (info) => executorWaits.push(info) },
    fetch: harness.tracker.fetch,
  });
  const response = exampleFetch(`${harness.server.url}/repos/acme/api`);
  await harness.tracker.settle();
  await harness.elapse(7_000);
  expect((await response).status).toBe(200);
  expect(executorWaits).toEqual([
    { platform: "example", resource: "core", waitMs: 7_000, reason: "retry-after" },
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
  const exampleFetch = createResilientFetch({
    platform: "example",
    limiter: neverWaits,
    resolveRequest: () => ({ resource: "core" }),
    fetch: harness.tracker.fetch,
  });
  const response = exampleFetch(`${harness.server.url}/repos/acme/api`);
  await harness.tracker.settle();
  await harness.elapse(6_999);
  expect(harness.server.requests).toHaveLength(1);
  await harness.elapse(1);
  expect((await response).status).toBe(200);
  expect(harness.server.requests.map((request) => request.timestamp - START)).toEqual([0, 7_000]);
});
