import {
  ApiCallError,
  type ApiRequestInfo,
  ConfigurationError,
  NotFoundError,
  RateLimitError,
  type RateLimitWaitInfo,
} from "@contexten/core";
import { type FakeTimeHarness, faults, startFakeTimeHarness } from "@contexten/core/testing";
import { LinearError } from "@linear/sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearApi,
  type FakeLinearServer,
  mountFakeLinear,
  startFakeLinearServer,
} from "../testing/index";
import { createLinearClient, type LinearClient } from "./linear-client";
import type { LinearClientOptions } from "./linear-client-options";

const START = Date.UTC(2030, 0, 1);
const ratelimited = (resetAt: number, budget: "requests" | "complexity" = "requests") =>
  ({
    status: 400,
    headers: {
      [`x-ratelimit-${budget}-limit`]: budget === "requests" ? 5_000 : 250_000,
      [`x-ratelimit-${budget}-remaining`]: 0,
      [`x-ratelimit-${budget}-reset`]: resetAt,
    },
    json: { errors: [{ message: "Rate limit exceeded", extensions: { code: "RATELIMITED" } }] },
  }) as const;

describe("createLinearClient against the fake Linear API", () => {
  let fake: FakeLinearServer;
  const client = (options: LinearClientOptions = {}) =>
    createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: fake.apiUrl, env: {}, ...options });

  beforeEach(async () => {
    fake = await startFakeLinearServer();
    fake.state.addIssue({ team: "ENG", title: "Login fails on Safari", labels: ["Bug"] });
  });
  afterEach(() => fake.close());

  it("runs the real SDK's queries: the operation names it sends are recorded", async () => {
    const linear = client();
    const viewer = await linear.sdk.viewer;
    const issue = await linear.sdk.issue("ENG-1");
    const teams = await linear.sdk.teams();
    const states = await linear.sdk.workflowStates({ filter: { team: { key: { eq: "ENG" } } } });
    expect(viewer.email).toBe("ada@acme.test");
    expect(issue).toMatchObject({ identifier: "ENG-1", title: "Login fails on Safari" });
    expect(issue.stateId).toBe(fake.state.issue("ENG-1").stateId);
    expect(teams.nodes.map((team) => team.key)).toEqual(["ENG", "OPS"]);
    expect(states.nodes.map((state) => state.name)).toContain("In Review");
    expect(fake.operations).toEqual(["viewer", "issue", "teams", "workflowStates"]);
    const sent = fake.requests[1]!;
    expect(sent.graphql?.query).toMatch(/^\s*query issue\(\$id: String!\)/);
    expect(sent.graphql?.variables).toEqual({ id: "ENG-1" });
    expect(sent.headers.authorization).toBe(FAKE_LINEAR_API_KEY);
  });

  it("reports every request to Instrumentation with the operation as endpoint", async () => {
    const calls: ApiRequestInfo[] = [];
    const linear = client({ instrumentation: { onApiRequest: (info) => calls.push(info) } });
    await linear.sdk.issue("ENG-1");
    expect(calls).toEqual([
      expect.objectContaining({
        platform: "linear",
        method: "POST",
        endpoint: "graphql issue",
        status: 200,
        attempt: 1,
        cached: false,
      }),
    ]);
  });

  it("feeds X-RateLimit-* and X-Complexity into the limiter and health status", async () => {
    await fake.close();
    fake = await startFakeLinearServer({
      rateLimit: {
        requests: { limit: 100, windowMs: 3_600_000 },
        complexity: { limit: 10_000, windowMs: 3_600_000 },
        complexityOf: () => 7,
      },
    });
    const linear = client();
    const before = await linear.limiter.getRemaining("linear", "graphql");
    expect(before.buckets.find((bucket) => bucket.name === "requests")?.limit).toBe(4_500);
    await linear.sdk.viewer;
    expect(fake.requests[0]?.status).toBe(200);
    const health = await linear.getHealthStatus();
    // Linear said 100 requests and 10,000 points an hour: the limiter now plans with those.
    expect(health.rateLimits.requests?.limit).toBeLessThanOrEqual(100);
    expect(health.rateLimits.requests?.remaining).toBeLessThanOrEqual(98);
    expect(health.rateLimits.complexity?.limit).toBeLessThanOrEqual(10_000);
    expect(health.rateLimits.complexity?.remaining).toBeLessThanOrEqual(10_000 - 14);
    expect(health).toMatchObject({ platform: "linear", status: "healthy" });
  });

  it("stays healthy in normal use and reports degraded once a budget cannot serve a request", async () => {
    const linear = client();
    for (let index = 0; index < 5; index += 1) await linear.sdk.viewer;
    expect((await linear.getHealthStatus()).status).toBe("healthy");
    fake.server.fail({
      status: 400,
      headers: {
        "x-ratelimit-requests-limit": 5_000,
        "x-ratelimit-requests-remaining": 0,
        "x-ratelimit-requests-reset": Date.now() + 3_600_000,
      },
      json: { errors: [{ message: "Rate limit exceeded", extensions: { code: "RATELIMITED" } }] },
    });
    const limited = client({ maxRateLimitWaitMs: 60_000 });
    const error = await limited.sdk.viewer.catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: expect.any(Number) });
    const requests = fake.requests.length;
    const health = await limited.getHealthStatus();
    // No probe while Linear has us paused: a health check never waits for budget.
    expect(fake.requests).toHaveLength(requests);
    expect(health).toMatchObject({
      status: "degraded",
      message: expect.stringMatching(/Linear asked to pause until/),
      details: { probed: false },
    });
  });

  it("maps Linear's Entity not found to NotFoundError", async () => {
    const error = await client()
      .sdk.issue("ENG-999")
      .catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ entity: "issue", id: "ENG-999", platform: "linear" });
    expect((error as Error).message).toMatch(/Linear issue "ENG-999" was not found/);
  });

  it("maps other GraphQL errors to ApiCallError with Linear's code and the SDK's LinearError", async () => {
    const error = await client()
      .sdk.createIssue({ teamId: fake.state.team("ENG").id, title: "x", priority: 9 })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      platformCode: "INVALID_INPUT",
      isRetryable: false,
      message: expect.stringMatching(/createIssue failed: priority must be an integer/),
    });
    const cause = (error as ApiCallError).cause;
    expect(cause).toBeInstanceOf(LinearError);
    expect(cause).toMatchObject({ type: "InvalidInput", status: 400 });
    expect(fake.state.issues).toHaveLength(1);
  });

  it("authenticates with viewer and reports a rejected key without throwing", async () => {
    await expect(client().authenticate()).resolves.toEqual({
      authenticated: true,
      identity: "ada@acme.test",
    });
    const rejected = await client({ apiKey: "lin_api_wrong" }).authenticate();
    expect(rejected.authenticated).toBe(false);
    expect(rejected.message).toMatch(/LINEAR_API_KEY/);
  });

  it("sends OAuth tokens as Bearer and personal keys as they are", async () => {
    await fake.close();
    fake = await startFakeLinearServer({ apiKey: "lin_oauth_token" });
    await client({ apiKey: "lin_oauth_token" }).sdk.viewer;
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer lin_oauth_token");
  });

  it("reports unhealthy when Linear cannot be reached", async () => {
    const linear = client({ retryAttempts: 1 });
    await fake.close();
    const health = await linear.getHealthStatus();
    expect(health.status).toBe("unhealthy");
    expect(health.message).toMatch(/Linear is not reachable/);
  });
});

describe("configuration", () => {
  it("requires an API key, naming the variable", () => {
    expect(() => createLinearClient({ env: {} })).toThrow(ConfigurationError);
    expect(() => createLinearClient({ env: {} })).toThrow(/set LINEAR_API_KEY or pass apiKey/);
  });

  it("reads LINEAR_API_KEY and LINEAR_API_URL from the environment", () => {
    const linear = createLinearClient({
      env: { LINEAR_API_KEY: "lin_api_env", LINEAR_API_URL: "http://127.0.0.1:9/graphql" },
    });
    expect(linear.config).toMatchObject({
      apiKey: "lin_api_env",
      apiUrl: "http://127.0.0.1:9/graphql",
    });
  });

  it("refuses plain http to anything but this machine", () => {
    expect(() =>
      createLinearClient({ apiKey: "k", apiUrl: "http://linear.example.com/graphql", env: {} }),
    ).toThrow(/must use https/);
  });
});

describe("rate limits and retries under fake time", () => {
  let harness: FakeTimeHarness;
  let api: FakeLinearApi;
  let linear: LinearClient;
  const waits: RateLimitWaitInfo[] = [];

  beforeEach(async () => {
    waits.length = 0;
    harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "fake Linear" } });
    api = mountFakeLinear(harness.server);
    api.state.addIssue({ team: "ENG", title: "Flaky deploy" });
    linear = createLinearClient({
      apiKey: FAKE_LINEAR_API_KEY,
      apiUrl: api.apiUrl,
      fetch: harness.tracker.fetch,
      retryPolicy: { baseDelayMs: 1_000, factor: 2, jitter: "none" },
      instrumentation: { onRateLimitWait: (info) => waits.push(info) },
      env: {},
    });
  });
  afterEach(() => harness.close());

  it("waits out a RATELIMITED answer until the exhausted budget resets, then retries", async () => {
    harness.server.fail(ratelimited(START + 30_000));
    const issue = linear.sdk.issue("ENG-1");
    await harness.tracker.settle();
    expect(harness.server.requests.map((request) => request.status)).toEqual([400]);
    await harness.elapse(29_999);
    expect(harness.server.requests).toHaveLength(1);
    await harness.elapse(1);
    expect((await issue).title).toBe("Flaky deploy");
    expect(harness.server.requests.map((request) => request.status)).toEqual([400, 200]);
    expect(api.operations).toEqual(["issue", "issue"]);
    expect(waits).toEqual([
      { platform: "linear", resource: "graphql", waitMs: 30_000, reason: "retry-after" },
    ]);
  });

  it("treats RATELIMITED on a 200 the same way, with the complexity budget's reset", async () => {
    harness.server.fail({ ...ratelimited(START + 5_000, "complexity"), status: 200 });
    const viewer = linear.sdk.viewer;
    await harness.tracker.settle();
    await harness.elapse(5_000);
    expect((await viewer).name).toBe("Ada Lovelace");
    expect(harness.server.requests.map((request) => request.status)).toEqual([200, 200]);
  });

  it("does not resend a mutation Linear refused with RATELIMITED more than the policy allows", async () => {
    harness.server.fail(ratelimited(START + 10_000), { times: 3 });
    const created = linear.sdk
      .createIssue({ teamId: api.state.team("ENG").id, title: "x" })
      .catch((error: unknown) => error);
    await harness.tracker.settle();
    await harness.elapse(10_000);
    await harness.elapse(10_000);
    const error = await created;
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ platformCode: "RATELIMITED", resource: "graphql" });
    expect(harness.server.requests).toHaveLength(3);
    expect(api.state.issues).toHaveLength(1);
  });

  it("retries a 502 burst with backoff and succeeds", async () => {
    harness.server.fail(faults.serverError(502), { times: 2 });
    const issue = linear.sdk.issue("ENG-1");
    await harness.tracker.settle();
    await harness.elapse(1_000);
    await harness.elapse(2_000);
    expect((await issue).identifier).toBe("ENG-1");
    const times = harness.server.requests.map((request) => request.timestamp - START);
    expect(times).toEqual([0, 1_000, 3_000]);
  });

  it("paces requests from Linear's headers instead of running into RATELIMITED", async () => {
    await harness.close();
    harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "fake Linear" } });
    // Linear grants 3 requests a minute here, far below the configured 4,500 an hour.
    api = mountFakeLinear(harness.server, {
      rateLimit: { requests: { limit: 3, windowMs: 60_000 } },
    });
    linear = createLinearClient({
      apiKey: FAKE_LINEAR_API_KEY,
      apiUrl: api.apiUrl,
      fetch: harness.tracker.fetch,
      rateLimitWindowSeconds: 60, // the fake's window; Linear's real one is the default hour
      env: {},
    });
    await linear.sdk.viewer; // learns the budget from the headers
    let finished = false;
    const done = Promise.all(Array.from({ length: 6 }, () => linear.sdk.viewer)).finally(() => {
      finished = true;
    });
    for (let second = 0; second < 600 && !finished; second += 1) await harness.elapse(1_000);
    await done;
    expect(api.refused).toBe(0);
    expect(api.operations).toHaveLength(7);
    const last = harness.server.requests.at(-1)!.timestamp - START;
    expect(last).toBeGreaterThanOrEqual(60_000);
  });
});
