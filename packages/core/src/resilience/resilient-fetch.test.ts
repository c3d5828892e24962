import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryCache } from "../cache/memory-cache";
import type { ApiRequestInfo } from "../contracts/instrumentation";
import { createBudgetProfile } from "../rate-limit/rate-limit-profile";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import {
  conditionalGet,
  type FakeBehaviour,
  type FakeTimeHarness,
  startFakeTimeHarness,
} from "../testing/fake-platform-server/index";
import { createResilientFetch, defaultRequestCacheKey } from "./resilient-fetch";

const START = Date.UTC(2030, 0, 1);
let harness: FakeTimeHarness;
beforeEach(async () => {
  harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "example" } });
});
afterEach(() => harness.close());

/** A platform counting the requests it answers against a budget; 304s are free. */
function fakePlatform() {
  const budget = { used: 0 };
  const counting: FakeBehaviour = async (request, next) => {
    const response = await next(request);
    if (response.status !== 304) budget.used += 1;
    return response;
  };
  let title = "Flaky deploy";
  harness.server
    .use(counting)
    .use(conditionalGet())
    .route("GET", "/repos/:owner/:repo/issues/:number", (request) => ({
      json: { number: Number(request.params.number), title },
    }))
    .route("PATCH", "/repos/:owner/:repo/issues/:number", (request) => {
      title = (request.body as { title: string }).title;
      return { json: { number: Number(request.params.number), title } };
    });
  return budget;
}

describe("createResilientFetch with a cache", () => {
  it("revalidates with If-None-Match; the 304 costs no budget and returns the cached body", async () => {
    const budget = fakePlatform();
    const calls: ApiRequestInfo[] = [];
    const limiter = new UnifiedRateLimiter({
      profiles: [
        createBudgetProfile("example", {
          "*": { limit: 4_500, windowSeconds: 3_600, refill: "window" },
        }),
      ],
    });
    const exampleFetch = createResilientFetch({
      platform: "example",
      limiter,
      cache: new MemoryCache(),
      resolveRequest: () => ({ resource: "core" }),
      instrumentation: { onApiRequest: (info) => calls.push(info) },
      fetch: harness.tracker.fetch,
    });
    const url = `${harness.server.url}/repos/acme/api/issues/42`;
    const init = { headers: { authorization: "token ghs_one" } };
    const first = await exampleFetch(url, init);
    expect(await first.json()).toEqual({ number: 42, title: "Flaky deploy" });
    expect((await limiter.getRemaining("example", "core")).remaining).toBe(4_499);
    expect(budget.used).toBe(1);

    const second = await exampleFetch(url, init);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ number: 42, title: "Flaky deploy" });
    expect(harness.server.requests.map((request) => request.status)).toEqual([200, 304]);
    expect(harness.server.requests[1]!.headers["if-none-match"]).toMatch(/^W\/"/);
    // Neither the platform nor our limiter counted the 304.
    expect(budget.used).toBe(1);
    expect((await limiter.getRemaining("example", "core")).remaining).toBe(4_499);
    expect(calls.map((call) => call.cached)).toEqual([false, true]);
  });

  it("serves fresh entries without a request in ttl mode, per credentials", async () => {
    fakePlatform();
    const exampleFetch = createResilientFetch({
      platform: "example",
      cache: new MemoryCache({ config: { ttlSeconds: { example: 300 } } }),
      cacheMode: "ttl",
      resolveRequest: () => ({ resource: "core" }),
      fetch: harness.tracker.fetch,
    });
    const url = `${harness.server.url}/repos/acme/api/issues/7`;
    await exampleFetch(url, { headers: { authorization: "token a" } });
    await exampleFetch(url, { headers: { authorization: "token a" } });
    expect(harness.server.requests).toHaveLength(1);
    await exampleFetch(url, { headers: { authorization: "token b" } });
    expect(harness.server.requests).toHaveLength(2);
    vi.advanceTimersByTime(300_000);
    await exampleFetch(url, { headers: { authorization: "token a" } });
    expect(harness.server.requests.map((request) => request.status)).toEqual([200, 200, 304]);
  });

  it("invalidates cached reads of a resource after a write to it", async () => {
    fakePlatform();
    const cache = new MemoryCache();
    const exampleFetch = createResilientFetch({
      platform: "example",
      cache,
      cacheMode: "ttl",
      resolveRequest: () => ({ resource: "core" }),
      fetch: harness.tracker.fetch,
    });
    const url = `${harness.server.url}/repos/acme/api/issues/9`;
    await exampleFetch(url);
    await exampleFetch(url, { method: "PATCH", body: JSON.stringify({ title: "Fixed" }) });
    const after = await exampleFetch(url);
    expect(await after.json()).toEqual({ number: 9, title: "Fixed" });
    expect(harness.server.requests.map((request) => request.method)).toEqual([
      "GET",
      "PATCH",
      "GET",
    ]);
  });

  it("leaves conditional requests the caller makes itself alone", async () => {
    fakePlatform();
    const cache = new MemoryCache();
    const exampleFetch = createResilientFetch({
      platform: "example",
      cache,
      fetch: harness.tracker.fetch,
    });
    const url = `${harness.server.url}/repos/acme/api/issues/3`;
    const first = await exampleFetch(url);
    const etag = first.headers.get("etag")!;
    const second = await exampleFetch(url, { headers: { "if-none-match": etag } });
    expect(second.status).toBe(304);
    expect(await cache.get(defaultRequestCacheKey("example", url, null))).toBeDefined();
  });

  it("accepts a Request object with a streamed body and replays it on retry", async () => {
    harness.server.route("POST", "/echo", (request) => ({ json: { received: request.body } }));
    harness.server.fail({ status: 503 }, { times: 1 });
    const exampleFetch = createResilientFetch({
      platform: "example",
      retryPolicy: { baseDelayMs: 10, jitter: "none" },
      resolveRequest: () => ({ resource: "core", idempotent: true }),
      fetch: harness.tracker.fetch,
    });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"hello":"world"}'));
        controller.close();
      },
    });
    const request = new Request(`${harness.server.url}/echo`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    const response = exampleFetch(request);
    await harness.tracker.settle();
    vi.advanceTimersByTime(10);
    await harness.tracker.settle();
    expect(await (await response).json()).toEqual({ received: { hello: "world" } });
    expect((await response).url).toBe(`${harness.server.url}/echo`);
  });
});
