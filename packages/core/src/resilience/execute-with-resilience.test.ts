import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiRequestInfo } from "../contracts/instrumentation";
import { ApiCallError } from "../errors/api-call-error";
import { RateLimitError } from "../errors/rate-limit-error";
import { ValidationError } from "../errors/validation-error";
import { normalizeHeaders } from "../rate-limit/rate-limit-headers";
import { createBudgetProfile } from "../rate-limit/rate-limit-profile";
import { UnifiedRateLimiter } from "../rate-limit/unified-rate-limiter";
import {
  type FakeTimeHarness,
  faults,
  startFakeTimeHarness,
} from "../testing/fake-platform-server/index";
import { executeWithResilience } from "./execute-with-resilience";
import type { ResiliencePolicy } from "./resilience-options";
import { createResilientFetch } from "./resilient-fetch";

const START = Date.UTC(2030, 0, 1);
let harness: FakeTimeHarness;
beforeEach(async () => {
  harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "example" } });
  harness.server
    .route("GET", "/repos/:owner/:repo", (request) => ({
      json: { full_name: `${request.params.owner}/${request.params.repo}` },
    }))
    .route("POST", "/repos/:owner/:repo/issues", () => ({ status: 201, json: { number: 1 } }));
});
afterEach(() => harness.close());

/** A made-up platform's limiter: 4,500 requests an hour on every resource. */
function exampleLimiter() {
  return new UnifiedRateLimiter({
    profiles: [
      createBudgetProfile("example", {
        "*": { limit: 4_500, windowSeconds: 3_600, refill: "window" },
      }),
    ],
  });
}

/** A resilient fetch for the made-up platform with deterministic backoff (1 s, 2 s, 4 s …). */
function exampleFetch(extra: Partial<ResiliencePolicy> = {}) {
  return createResilientFetch({
    platform: "example",
    limiter: exampleLimiter(),
    resolveRequest: () => ({ resource: "core" }),
    retryPolicy: { maxAttempts: 3, baseDelayMs: 1_000, factor: 2, jitter: "none" },
    fetch: harness.tracker.fetch,
    ...extra,
  });
}

/** One attempt with the tracked fetch, normalized for executeWithResilience. */
function fetchOperation(url: string, init: RequestInit = {}) {
  return async ({ signal }: { signal: AbortSignal }) => {
    const response = await harness.tracker.fetch(url, { ...init, signal });
    return {
      status: response.status,
      headers: normalizeHeaders(response.headers),
      body: await response.text(),
    };
  };
}

describe("retries", () => {
  it.each([
    ["with", exampleLimiter()],
    ["without", undefined],
  ])(
    "delays the retry of a 429 with Retry-After: 7 by exactly 7 s, not by the 1 s backoff (%s a limiter)",
    async (_label, limiter) => {
      harness.server.fail(faults.tooManyRequests(7));
      const response = exampleFetch({ limiter })(`${harness.server.url}/repos/acme/api`);
      await harness.tracker.settle();
      expect(harness.server.requests.map((request) => request.status)).toEqual([429]);
      await harness.elapse(6_999);
      expect(harness.server.requests).toHaveLength(1);
      await harness.elapse(1);
      expect(harness.server.requests.map((request) => request.status)).toEqual([429, 200]);
      expect(harness.server.requests[1]!.timestamp - harness.server.requests[0]!.timestamp).toBe(
        7_000,
      );
      expect(await (await response).json()).toEqual({ full_name: "acme/api" });
    },
  );

  it("does not retry a 400: the fetch hands it to the SDK, the executor throws", async () => {
    harness.server.fail(faults.badRequest("Validation Failed"), { times: 2 });
    const response = await exampleFetch()(`${harness.server.url}/repos/acme/api`);
    expect(response.status).toBe(400);
    const failure = executeWithResilience(fetchOperation(`${harness.server.url}/repos/acme/api`), {
      platform: "example",
      resource: "core",
    });
    await expect(failure).rejects.toBeInstanceOf(ApiCallError);
    await expect(failure).rejects.toMatchObject({
      status: 400,
      isRetryable: false,
      body: '{"message":"Validation Failed"}',
    });
    await harness.elapse(60_000);
    expect(harness.server.requests.map((request) => request.status)).toEqual([400, 400]);
  });

  it("does not resend a POST whose connection was reset after sending", async () => {
    harness.server.fail(faults.connectionReset(), { method: "POST" });
    const created = exampleFetch()(`${harness.server.url}/repos/acme/api/issues`, {
      method: "POST",
      body: JSON.stringify({ title: "Flaky deploy" }),
    });
    const error = await created.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: undefined, isRetryable: false });
    expect((error as ApiCallError).message).toMatch(
      /not retried: a POST may already have been executed/,
    );
    await harness.elapse(60_000);
    expect(harness.server.requests).toHaveLength(1);
    expect(harness.server.requests[0]).toMatchObject({ method: "POST", reset: true });
  });

  it("resends a GET whose connection was reset, after the backoff", async () => {
    harness.server.fail(faults.connectionReset(), { method: "GET" });
    const response = exampleFetch()(`${harness.server.url}/repos/acme/api`);
    await harness.tracker.settle();
    await harness.elapse(1_000);
    expect((await response).status).toBe(200);
    expect(harness.server.requests.map((request) => request.reset)).toEqual([true, false]);
  });

  it("resends a POST refused before sending (ECONNREFUSED) and refunds the refused attempt", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const limiter = exampleLimiter();
    const result = executeWithResilience(
      async ({ attempt, signal }) => {
        const base = attempt === 1 ? `http://127.0.0.1:${closedPort}` : harness.server.url;
        return fetchOperation(`${base}/repos/acme/api/issues`, { method: "POST", body: "{}" })({
          signal,
        });
      },
      {
        platform: "example",
        resource: "core",
        kind: "create",
        method: "POST",
        limiter,
        retryPolicy: { baseDelayMs: 1_000, jitter: "none" },
      },
    );
    await harness.tracker.settle();
    await harness.elapse(1_000);
    expect(await result).toMatchObject({ status: 201, attempts: 2, cached: false });
    expect((await limiter.getRemaining("example", "core")).remaining).toBe(4_499);
    expect(harness.server.requests).toHaveLength(1);
  });

  it("backs off through a burst of 5xx with full jitter from the injected random source", async () => {
    harness.server.fail(faults.serverError(502), { times: 2 });
    const response = exampleFetch({
      retryPolicy: { maxAttempts: 3, baseDelayMs: 1_000, factor: 2 },
      random: () => 0.5,
    })(`${harness.server.url}/repos/acme/api`);
    await harness.tracker.settle();
    await harness.elapse(500); // half of 1 s
    await harness.elapse(1_000); // half of 2 s
    expect((await response).status).toBe(200);
    const times = harness.server.requests.map((request) => request.timestamp - START);
    expect(times).toEqual([0, 500, 1_500]);
  });

  it("gives up after maxAttempts with a retryable ApiCallError, and never resends a failed POST", async () => {
    harness.server.fail(faults.serverError(503), { times: 4 });
    const read = exampleFetch()(`${harness.server.url}/repos/acme/api`).catch(
      (error: unknown) => error,
    );
    await harness.tracker.settle();
    await harness.elapse(1_000);
    await harness.elapse(2_000);
    expect(await read).toMatchObject({
      status: 503,
      isRetryable: true,
      message: expect.stringMatching(/after 3 attempts/),
    });
    const write = await exampleFetch()(`${harness.server.url}/repos/acme/api/issues`, {
      method: "POST",
      body: "{}",
    }).catch((error: unknown) => error);
    expect(write).toMatchObject({ status: 503, isRetryable: false });
    expect(harness.server.requests.map((request) => request.method)).toEqual([
      "GET",
      "GET",
      "GET",
      "POST",
    ]);
  });

  it("fails with RateLimitError when retries run out or the wait is longer than allowed", async () => {
    harness.server.fail(faults.tooManyRequests(3_600));
    const tooLong = await exampleFetch({ maxRateLimitWaitMs: 60_000 })(
      `${harness.server.url}/repos/acme/api`,
    ).catch((error: unknown) => error);
    expect(RateLimitError.isInstance(tooLong)).toBe(true);
    expect(tooLong).toMatchObject({
      code: "rate_limited",
      retryAfterMs: 3_600_000,
      resource: "core",
      status: 429,
    });
    expect(harness.server.requests).toHaveLength(1);
  });

  it("times an attempt out and does not resend a POST that timed out", async () => {
    harness.server.route("POST", "/slow", () => ({ status: 201, json: {}, delayMs: 60_000 }));
    const error = exampleFetch({ timeoutMs: 5_000 })(`${harness.server.url}/slow`, {
      method: "POST",
      body: "{}",
    }).catch((reason: unknown) => reason);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await error).toMatchObject({
      isRetryable: false,
      message: expect.stringMatching(/timed out/),
    });
  });

  it("stops waiting for a retry the moment the caller aborts", async () => {
    harness.server.fail(faults.tooManyRequests(30));
    const controller = new AbortController();
    const response = exampleFetch()(`${harness.server.url}/repos/acme/api`, {
      signal: controller.signal,
    });
    await harness.tracker.settle();
    controller.abort();
    await expect(response).rejects.toMatchObject({ name: "AbortError" });
    await harness.elapse(60_000);
    expect(harness.server.requests).toHaveLength(1);
  });

  it("rejects an invalid retry policy before sending anything", async () => {
    const call = executeWithResilience(fetchOperation(`${harness.server.url}/repos/acme/api`), {
      platform: "example",
      resource: "core",
      retryPolicy: { maxAttempts: 0 },
    });
    await expect(call).rejects.toBeInstanceOf(ValidationError);
    await expect(call).rejects.toThrow(/Invalid retry policy:\n {2}- maxAttempts/);
    expect(harness.server.requests).toHaveLength(0);
  });

  it("reports each call to instrumentation with its final status and attempts", async () => {
    const calls: ApiRequestInfo[] = [];
    harness.server.fail(faults.serverError(500));
    const response = exampleFetch({
      instrumentation: { onApiRequest: (info) => calls.push(info) },
    })(`${harness.server.url}/repos/acme/api`);
    await harness.tracker.settle();
    await harness.elapse(1_000);
    await response;
    expect(calls).toEqual([
      {
        platform: "example",
        method: "GET",
        endpoint: "GET /repos/acme/api",
        status: 200,
        durationMs: 1_000,
        cached: false,
        attempt: 2,
      },
    ]);
  });
});
