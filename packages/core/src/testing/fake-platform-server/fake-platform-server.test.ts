import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Clock } from "../../clock/clock";
import { conditionalGet, faults, latency } from "./behaviours";
import { startFakePlatformServer } from "./fake-platform-server";
import { type FakeTimeHarness, startFakeTimeHarness } from "./fake-time-harness";
import { compileRoutePattern } from "./route-pattern";

const START = Date.UTC(2030, 0, 1);
let harness: FakeTimeHarness;
beforeEach(async () => {
  harness = await startFakeTimeHarness(vi, { startAt: START, server: { name: "acme" } });
});
afterEach(() => harness.close());

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;
const post = (path: string, body: string, contentType = "application/json") =>
  harness.tracker.fetch(`${harness.server.url}${path}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });

describe("routes and recording", () => {
  it("matches method and path parameters, parses query and bodies, and records everything", async () => {
    harness.server.route("GET", "/repos/:owner/:repo", (request) => ({
      json: { params: request.params, query: request.query },
      headers: { "x-served-by": "fake" },
    }));
    harness.server.route("POST", "/api/:method", (request) => ({ json: { body: request.body } }));
    const got = await harness.tracker.fetch(
      `${harness.server.url}/repos/acme/api?per_page=5&label=a&label=b`,
      {
        headers: { authorization: "token t" },
      },
    );
    expect(got.headers.get("x-served-by")).toBe("fake");
    expect(await json(got)).toEqual({
      params: { owner: "acme", repo: "api" },
      query: { per_page: "5", label: ["a", "b"] },
    });
    expect(
      await json(
        await post(
          "/api/chat.postMessage",
          "channel=C1&text=hi",
          "application/x-www-form-urlencoded",
        ),
      ),
    ).toEqual({
      body: { channel: "C1", text: "hi" },
    });
    expect(await json(await post("/api/x", '{"a":1}'))).toEqual({ body: { a: 1 } });
    expect(harness.server.requests[0]).toMatchObject({
      method: "GET",
      path: "/repos/acme/api",
      headers: expect.objectContaining({ authorization: "token t" }),
      timestamp: START,
      status: 200,
      reset: false,
    });
    expect(harness.server.requestsTo("POST", "/api/:method")).toHaveLength(2);
    harness.server.clearRequests();
    expect(harness.server.requests).toHaveLength(0);
  });

  it("answers GraphQL by operation name and explains unmatched requests", async () => {
    harness.server.graphql("Viewer", (request) => ({
      json: { data: { viewer: { id: request.graphql?.variables.id } } },
    }));
    const viewer = await post(
      "/graphql",
      JSON.stringify({ query: "query Viewer($id: ID) { viewer { id } }", variables: { id: "u1" } }),
    );
    expect(await json(viewer)).toEqual({ data: { viewer: { id: "u1" } } });
    expect(harness.server.requests[0]?.graphql).toMatchObject({
      operationName: "Viewer",
      type: "query",
    });
    const other = await post("/graphql", JSON.stringify({ query: "mutation Save { save }" }));
    expect(other.status).toBe(404);
    expect(await json(other)).toEqual({
      message: "acme has no fake route for POST /graphql (operation Save)",
    });
  });

  it("turns a throwing handler into a 500 that names the problem", async () => {
    harness.server.route("GET", "/boom", () => {
      throw new Error("fixture missing");
    });
    const response = await harness.tracker.fetch(`${harness.server.url}/boom`);
    expect(response.status).toBe(500);
    expect(await json(response)).toEqual({ message: "acme fake handler failed: fixture missing" });
  });

  it("compiles patterns with parameters and a trailing wildcard", () => {
    expect(compileRoutePattern("/files/*").match("/files/a/b.txt")).toEqual({ "*": "a/b.txt" });
    expect(compileRoutePattern("/u/:id").match("/u/a%20b")).toEqual({ id: "a b" });
    expect(compileRoutePattern("/u/:id").match("/u/a/b")).toBeUndefined();
  });
});

describe("faults", () => {
  it("apply to the next matching requests only, then routes answer again", async () => {
    harness.server.route("*", "/thing", () => ({ json: { ok: true } }));
    harness.server.fail(faults.serverError(502), { times: 2, method: "GET", path: "/thing" });
    const statuses: number[] = [];
    statuses.push((await post("/thing", "{}")).status);
    for (let index = 0; index < 3; index += 1)
      statuses.push((await harness.tracker.fetch(`${harness.server.url}/thing`)).status);
    expect(statuses).toEqual([200, 502, 502, 200]);
  });

  it("reset the connection, or answer late on the server clock", async () => {
    harness.server.route("GET", "/thing", () => ({ json: { ok: true } }));
    harness.server.fail(faults.connectionReset());
    await expect(harness.tracker.fetch(`${harness.server.url}/thing`)).rejects.toThrow(
      /fetch failed/,
    );
    expect(harness.server.requests[0]).toMatchObject({ reset: true, status: undefined });
    harness.server.fail({ status: 429, headers: { "retry-after": 7 }, delayMs: 5_000 });
    let answered = false;
    const late = harness.tracker.fetch(`${harness.server.url}/thing`).then((response) => {
      answered = true;
      return response;
    });
    await harness.server.waitForRequests(2);
    vi.advanceTimersByTime(4_999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    vi.advanceTimersByTime(1);
    const response = await late;
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
  });
});

describe("behaviours", () => {
  it("conditionalGet: ETag on every GET, 304 for a matching If-None-Match or a fresh If-Modified-Since", async () => {
    let version = 1;
    harness.server.use(conditionalGet());
    harness.server.route("GET", "/doc", () => ({ json: { version } }));
    harness.server.route("GET", "/dated", () => ({
      json: {},
      headers: { "last-modified": "Tue, 01 Jan 2030 00:00:00 GMT" },
    }));
    const first = await harness.tracker.fetch(`${harness.server.url}/doc`);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect(
      (
        await harness.tracker.fetch(`${harness.server.url}/doc`, {
          headers: { "if-none-match": etag },
        })
      ).status,
    ).toBe(304);
    version = 2;
    expect(
      (
        await harness.tracker.fetch(`${harness.server.url}/doc`, {
          headers: { "if-none-match": etag },
        })
      ).status,
    ).toBe(200);
    const since = { "if-modified-since": "Wed, 02 Jan 2030 00:00:00 GMT" };
    expect(
      (await harness.tracker.fetch(`${harness.server.url}/dated`, { headers: since })).status,
    ).toBe(304);
  });

  it("latency: answers after the delay on the server clock", async () => {
    harness.server.use(latency(250)).route("GET", "/slow", () => ({ json: {} }));
    let done = false;
    const pending = harness.tracker.fetch(`${harness.server.url}/slow`).then(() => {
      done = true;
    });
    await harness.server.waitForRequests(1);
    vi.advanceTimersByTime(249);
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    await expect(harness.tracker.settle({ timeoutMs: 50 })).rejects.toThrow(
      /1 request\(s\) still in flight/,
    );
    vi.advanceTimersByTime(1);
    await pending;
    expect(done).toBe(true);
  });
});

describe("misuse is explained, not hung on", () => {
  it("runUntil fails when no timer is left to move fake time", async () => {
    await expect(harness.runUntil(START + 60_000)).rejects.toThrow(/fake time is not moving/);
  });

  it("waitForRequests fails when the requests never come", async () => {
    await expect(harness.server.waitForRequests(1, { timeoutMs: 20 })).rejects.toThrow(
      "acme: waited for 1 request(s), 0 arrived",
    );
  });
});

describe("an injected clock", () => {
  it("stamps requests with its time", async () => {
    let now = 42_000;
    const clock: Clock = { now: () => now, setTimeout, clearTimeout };
    const own = await startFakePlatformServer({ clock });
    try {
      own.route("GET", "/", () => ({ json: {} }));
      await harness.tracker.fetch(`${own.url}/`);
      now = 43_000;
      await harness.tracker.fetch(`${own.url}/`);
      expect(own.requests.map((request) => request.timestamp)).toEqual([42_000, 43_000]);
      expect(own.clock).toBe(clock);
    } finally {
      await own.close();
    }
  });
});
