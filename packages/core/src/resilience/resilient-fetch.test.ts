import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryCache } from "../cache/memory-cache";
import type { ApiRequestInfo } from "../contracts/instrumentation";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import {
  conditionalGet,
  type FakeTimeHarness,
  githubRateLimit,
  linearRateLimit,
  startFakeTimeHarness,
} from "../testing/fake-platform-server/index";
import { executeWithResilience } from "./execute-with-resilience";
import { classifyGitHubResponse, classifyLinearResponse } from "./platform-classifiers";
import { resolveGitHubRequest, resolveLinearRequest } from "./platform-requests";
import { createResilientFetch, defaultRequestCacheKey } from "./resilient-fetch";

const START = Date.UTC(2030, 0, 1);
let harness: FakeTimeHarness;
beforeEach(async () => {
  harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "github" } });
});
afterEach(() => harness.close());

function fakeGitHub() {
  const rateLimit = githubRateLimit({ limit: 5_000 });
  let title = "Flaky deploy";
  harness.server
    .use(rateLimit)
    .use(conditionalGet())
    .route("GET", "/repos/:owner/:repo/issues/:number", (request) => ({
      json: { number: Number(request.params.number), title },
    }))
    .route("PATCH", "/repos/:owner/:repo/issues/:number", (request) => {
      title = (request.body as { title: string }).title;
      return { json: { number: Number(request.params.number), title } };
    });
  return rateLimit;
}

describe("createResilientFetch with a cache", () => {
  it("revalidates with If-None-Match; the 304 costs no budget and returns the cached body", async () => {
    const rateLimit = fakeGitHub();
    const calls: ApiRequestInfo[] = [];
    const limiter = new UnifiedRateLimiter();
    const githubFetch = createResilientFetch({
      platform: "github",
      limiter,
      cache: new MemoryCache(),
      classify: classifyGitHubResponse,
      resolveRequest: resolveGitHubRequest,
      instrumentation: { onApiRequest: (info) => calls.push(info) },
      fetch: harness.tracker.fetch,
    });
    const url = `${harness.server.url}/repos/acme/api/issues/42`;
    const init = { headers: { authorization: "token ghs_one" } };
    const first = await githubFetch(url, init);
    expect(await first.json()).toEqual({ number: 42, title: "Flaky deploy" });
    expect((await limiter.getRemaining("github", "core")).remaining).toBe(4_499);
    expect(rateLimit.windows.get("core")?.used).toBe(1);

    const second = await githubFetch(url, init);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ number: 42, title: "Flaky deploy" });
    expect(harness.server.requests.map((request) => request.status)).toEqual([200, 304]);
    expect(harness.server.requests[1]!.headers["if-none-match"]).toMatch(/^W\/"/);
    // Neither GitHub nor our limiter counted the 304.
    expect(rateLimit.windows.get("core")?.used).toBe(1);
    expect((await limiter.getRemaining("github", "core")).remaining).toBe(4_499);
    expect(calls.map((call) => call.cached)).toEqual([false, true]);
  });

  it("serves fresh entries without a request in ttl mode, per credentials", async () => {
    fakeGitHub();
    const githubFetch = createResilientFetch({
      platform: "github",
      cache: new MemoryCache({ config: { ttlSeconds: { github: 300 } } }),
      cacheMode: "ttl",
      resolveRequest: resolveGitHubRequest,
      fetch: harness.tracker.fetch,
    });
    const url = `${harness.server.url}/repos/acme/api/issues/7`;
    await githubFetch(url, { headers: { authorization: "token a" } });
    await githubFetch(url, { headers: { authorization: "token a" } });
    expect(harness.server.requests).toHaveLength(1);
    await githubFetch(url, { headers: { authorization: "token b" } });
    expect(harness.server.requests).toHaveLength(2);
    vi.advanceTimersByTime(300_000);
    await githubFetch(url, { headers: { authorization: "token a" } });
    expect(harness.server.requests.map((request) => request.status)).toEqual([200, 200, 304]);
  });

  it("invalidates cached reads of a resource after a write to it", async () => {
    fakeGitHub();
    const cache = new MemoryCache();
    const githubFetch = createResilientFetch({
      platform: "github",
      cache,
      cacheMode: "ttl",
      resolveRequest: resolveGitHubRequest,
      fetch: harness.tracker.fetch,
    });
    const url = `${harness.server.url}/repos/acme/api/issues/9`;
    await githubFetch(url);
    await githubFetch(url, { method: "PATCH", body: JSON.stringify({ title: "Fixed" }) });
    const after = await githubFetch(url);
    expect(await after.json()).toEqual({ number: 9, title: "Fixed" });
    expect(harness.server.requests.map((request) => request.method)).toEqual([
      "GET",
      "PATCH",
      "GET",
    ]);
  });

  it("leaves conditional requests the caller makes itself alone", async () => {
    fakeGitHub();
    const cache = new MemoryCache();
    const githubFetch = createResilientFetch({
      platform: "github",
      cache,
      fetch: harness.tracker.fetch,
    });
    const url = `${harness.server.url}/repos/acme/api/issues/3`;
    const first = await githubFetch(url);
    const etag = first.headers.get("etag")!;
    const second = await githubFetch(url, { headers: { "if-none-match": etag } });
    expect(second.status).toBe(304);
    expect(await cache.get(defaultRequestCacheKey("github", url, null))).toBeDefined();
  });

  it("accepts a Request object with a streamed body and replays it on retry", async () => {
    harness.server.route("POST", "/echo", (request) => ({ json: { received: request.body } }));
    harness.server.fail({ status: 503 }, { times: 1 });
    const githubFetch = createResilientFetch({
      platform: "github",
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
    const response = githubFetch(request);
    await harness.tracker.settle();
    vi.advanceTimersByTime(10);
    await harness.tracker.settle();
    expect(await (await response).json()).toEqual({ received: { hello: "world" } });
    expect((await response).url).toBe(`${harness.server.url}/echo`);
  });
});

describe("Linear through the resilient fetch", () => {
  it("slows down before Linear says no, once its headers show the real budget", async () => {
    const rateLimit = linearRateLimit({ requests: { limit: 100, windowMs: 3_600_000 } });
    harness.server
      .use(rateLimit)
      .graphql("Viewer", () => ({ json: { data: { viewer: { id: "u1" } } } }));
    const linearFetch = createResilientFetch({
      platform: "linear",
      limiter: new UnifiedRateLimiter(),
      classify: classifyLinearResponse,
      resolveRequest: (request) => resolveLinearRequest(request, { complexityEstimate: 1 }),
      fetch: harness.tracker.fetch,
    });
    const ask = () =>
      linearFetch(`${harness.server.url}/graphql`, {
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
    await harness.tracker.settle();
    // 99 left of 100, less our 2% headroom: 97 go now, the rest at Linear's refill pace.
    expect(harness.server.requests).toHaveLength(98);
    while (done < 119 && Date.now() < START + 3_600_000) {
      vi.advanceTimersToNextTimer();
      await harness.tracker.settle();
    }
    await Promise.all(rest);
    expect(rateLimit.refused).toBe(0);
    const paced = harness.server.requests.slice(98).map((request) => request.timestamp);
    const gaps = paced.slice(1).map((at, index) => at - paced[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(36_000); // 100 an hour is one per 36 s
  });

  it("retries a RATELIMITED answer after the reset Linear names", async () => {
    harness.server.graphql("Viewer", () => ({ json: { data: { viewer: { id: "u1" } } } }));
    harness.server.fail({
      status: 400,
      headers: {
        "x-ratelimit-requests-remaining": 0,
        "x-ratelimit-requests-reset": START + 30_000,
      },
      json: { errors: [{ message: "Rate limit exceeded", extensions: { code: "RATELIMITED" } }] },
    });
    const result = executeWithResilience(
      async ({ signal }) => {
        const response = await harness.tracker.fetch(`${harness.server.url}/graphql`, {
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
        limiter: new UnifiedRateLimiter(),
      },
    );
    await harness.tracker.settle();
    vi.advanceTimersByTime(29_999);
    await harness.tracker.settle();
    expect(harness.server.requests).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await harness.tracker.settle();
    expect(await result).toMatchObject({
      status: 200,
      attempts: 2,
      body: { data: { viewer: { id: "u1" } } },
    });
  });
});
