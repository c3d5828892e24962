import {
  ApiCallError,
  type ApiRequestInfo,
  ConfigurationError,
  RateLimitError,
} from "@contexten/core";
import {
  FAKE_TIME_TIMERS,
  type FakeBehaviour,
  type FetchTracker,
  faults,
  trackFetch,
} from "@contexten/core/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type FakeSlackServer, startFakeSlackServer } from "../testing/index";
import { createSlackClient, type SlackClient } from "./slack-client";

const START = Date.UTC(2030, 0, 1, 9, 0, 0);

/** The ApiCallError a call fails with (fails the test if it succeeds or fails otherwise). */
async function apiError(call: Promise<unknown>): Promise<ApiCallError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ApiCallError.isInstance(error))
    throw new Error(`expected an ApiCallError, got ${String(error)}`);
  return error;
}

/** Answers the first post to `channel` with 429 + Retry-After, as Slack does. */
function refuseFirstPostTo(channel: string, retryAfterSeconds: number): FakeBehaviour {
  let refused = false;
  return (request, next) => {
    const body = request.body as { channel?: string } | undefined;
    if (!refused && request.path === "/api/chat.postMessage" && body?.channel === channel) {
      refused = true;
      return {
        status: 429,
        headers: { "retry-after": retryAfterSeconds },
        json: { ok: false, error: "ratelimited" },
      };
    }
    return next(request);
  };
}

describe("createSlackClient against the fake Slack (real @slack/web-api)", () => {
  let slack: FakeSlackServer;
  let client: SlackClient;
  const calls: ApiRequestInfo[] = [];

  beforeEach(async () => {
    calls.length = 0;
    slack = await startFakeSlackServer({
      channels: [
        { id: "C0BUSY", name: "busy" },
        { id: "C0QUIET", name: "quiet" },
        { id: "C0OLD", name: "old", archived: true },
      ],
    });
    client = createSlackClient({
      botToken: slack.botToken,
      slackApiUrl: slack.apiUrl,
      env: {},
      instrumentation: { onApiRequest: (info) => calls.push(info) },
      random: () => 0,
    });
  });
  afterEach(() => slack.close());

  it("posts through the SDK: form-encoded, with the bot token, recorded by the fake", async () => {
    const result = await client.postMessage({ channel: "C0QUIET", text: "hello & welcome" });
    expect(result.ok).toBe(true);
    expect(result.ts).toMatch(/^\d+\.\d{6}$/);
    const [call] = slack.calls("chat.postMessage");
    expect(call!.request.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(call!.request.headers.authorization).toBe(`Bearer ${slack.botToken}`);
    expect(slack.state.messages("C0QUIET").map((message) => message.text)).toEqual([
      "hello & welcome",
    ]);
    expect(calls).toEqual([
      expect.objectContaining({
        platform: "slack",
        endpoint: "chat.postMessage",
        status: 200,
        attempt: 1,
      }),
    ]);
  });

  it("surfaces ok:false as ApiCallError with Slack's code, not retryable", async () => {
    const error = await client
      .postMessage({ channel: "C0MISSING", text: "anyone?" })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    const notFound = error as ApiCallError;
    expect(notFound.platformCode).toBe("channel_not_found");
    expect(notFound.isRetryable).toBe(false);
    expect(notFound.status).toBe(200);
    expect(notFound.url).toBe(`${slack.apiUrl}chat.postMessage`);
    expect(notFound.message).toMatch(/channel_not_found.*check the channel id/);
    expect(notFound.body).toMatchObject({ ok: false, error: "channel_not_found" });
    // Sent once: an API error is not retried.
    expect(slack.calls("chat.postMessage")).toHaveLength(1);

    const archived = await apiError(
      client.call("chat.postMessage", { channel: "C0OLD", text: "x" }),
    );
    expect(archived.platformCode).toBe("is_archived");
  });

  it("refuses blocks over Slack's limits the way Slack does (invalid_blocks)", async () => {
    const error = await apiError(
      client.postMessage({
        channel: "C0QUIET",
        text: "x",
        blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }],
      }),
    );
    expect(error.platformCode).toBe("invalid_blocks");
  });

  it("authenticates with auth.test and reports health", async () => {
    expect(await client.authenticate()).toEqual({
      authenticated: true,
      identity: slack.state.botUserId,
      scopes: ["chat:write", "commands", "channels:history"],
    });
    const health = await client.getHealthStatus();
    expect(health).toMatchObject({ platform: "slack", status: "healthy" });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.rateLimits.app).toMatchObject({ limit: 100 });

    const wrong = createSlackClient({ botToken: "xoxb-wrong", slackApiUrl: slack.apiUrl, env: {} });
    const denied = await wrong.authenticate();
    expect(denied.authenticated).toBe(false);
    expect(denied.message).toMatch(/invalid_auth/);
    expect(await wrong.getHealthStatus()).toMatchObject({ status: "unhealthy" });
  });

  it("needs a bot token for API calls, and says how to give one", async () => {
    const tokenless = createSlackClient({ slackApiUrl: slack.apiUrl, env: {} });
    await expect(tokenless.postMessage({ channel: "C0QUIET", text: "x" })).rejects.toThrow(
      ConfigurationError,
    );
    expect((await tokenless.authenticate()).message).toMatch(/SLACK_BOT_TOKEN/);
    expect(slack.requests).toHaveLength(0);
  });

  it("reads the token and API URL from the environment", async () => {
    const fromEnv = createSlackClient({
      env: { SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl.replace(/\/$/, "") },
    });
    expect(fromEnv.config.slackApiUrl).toBe(slack.apiUrl);
    expect((await fromEnv.authenticate()).authenticated).toBe(true);
  });

  it("posts to a response_url through the same pipeline, and reports a used one", async () => {
    const url = slack.state.createResponseUrl("R1");
    for (let index = 0; index < 5; index += 1)
      await client.respond(url, { text: `update ${index}` });
    expect(slack.state.responsesTo("R1").map((post) => post.body)).toContainEqual({
      text: "update 4",
    });
    const error = await client.respond(url, { text: "sixth" }).catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).platformCode).toBe("used_url");
    expect((error as ApiCallError).url).not.toContain("R1");
    expect(calls.filter((call) => call.endpoint === "response_url")).toHaveLength(6);
  });

  it("does not retry a failed post (it may have been delivered) but retries reads", async () => {
    slack.server.fail(faults.serverError(503), { path: "/api/chat.postMessage" });
    const error = await apiError(client.postMessage({ channel: "C0QUIET", text: "x" }));
    expect(error.status).toBe(503);
    expect(error.isRetryable).toBe(false);
    expect(slack.calls("chat.postMessage")).toHaveLength(1);

    slack.server.fail(faults.serverError(502), { path: "/api/conversations.history" });
    const history = await client.history({ channel: "C0QUIET" });
    expect(history.ok).toBe(true);
    expect(slack.calls("conversations.history").map((call) => call.request.status)).toEqual([
      502, 200,
    ]);
  });
});

describe("per-channel pacing under fake time", () => {
  let slack: FakeSlackServer;
  let tracker: FetchTracker;
  let client: SlackClient;

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: [...FAKE_TIME_TIMERS] });
    vi.setSystemTime(START);
    slack = await startFakeSlackServer({
      channels: [
        { id: "C0BUSY", name: "busy" },
        { id: "C0QUIET", name: "quiet" },
      ],
    });
    tracker = trackFetch();
    client = createSlackClient({
      botToken: slack.botToken,
      slackApiUrl: slack.apiUrl,
      env: {},
      fetch: tracker.fetch,
      random: () => 0,
    });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await slack.close();
  });

  it("a 429 on one channel does not delay another; the refused post is retried after Retry-After", async () => {
    slack.server.use(refuseFirstPostTo("C0BUSY", 30));
    let busyDone = false;
    const busy = client.postMessage({ channel: "C0BUSY", text: "first" }).then((result) => {
      busyDone = true;
      return result;
    });
    await tracker.settle();
    // The busy channel was told to wait 30 s; the quiet channel is not.
    const quiet = await client.postMessage({ channel: "C0QUIET", text: "quiet one" });
    expect(quiet.ok).toBe(true);
    expect(busyDone).toBe(false);
    expect(slack.state.messages("C0BUSY")).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(29_000);
    await tracker.settle();
    expect(busyDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await tracker.settle();
    expect((await busy).ok).toBe(true);

    const posts = slack.calls("chat.postMessage").map((call) => ({
      channel: call.params.channel,
      text: call.params.text,
      status: call.request.status,
      at: call.request.timestamp - START,
    }));
    expect(posts).toEqual([
      { channel: "C0BUSY", text: "first", status: 429, at: 0 },
      { channel: "C0QUIET", text: "quiet one", status: 200, at: 0 },
      { channel: "C0BUSY", text: "first", status: 200, at: 30_000 },
    ]);
  });

  it("two posts to one channel arrive in order when the first is refused with 429 + Retry-After", async () => {
    slack.server.use(refuseFirstPostTo("C0BUSY", 30));
    const first = client.postMessage({ channel: "C0BUSY", text: "first" });
    const second = client.postMessage({ channel: "C0BUSY", text: "second" });
    await tracker.settle();
    await vi.advanceTimersByTimeAsync(29_999);
    await tracker.settle();
    expect(slack.state.messages("C0BUSY")).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await tracker.settle();
    expect(slack.state.messages("C0BUSY").map((message) => message.text)).toEqual(["first"]);
    await vi.advanceTimersByTimeAsync(1_000);
    await tracker.settle();
    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);

    expect(slack.state.messages("C0BUSY").map((message) => message.text)).toEqual([
      "first",
      "second",
    ]);
    const posts = slack.calls("chat.postMessage").map((call) => ({
      text: call.params.text,
      status: call.request.status,
      at: call.request.timestamp - START,
    }));
    // "first" keeps its place; "second" follows at the channel's one-a-second pace.
    expect(posts).toEqual([
      { text: "first", status: 429, at: 0 },
      { text: "first", status: 200, at: 30_000 },
      { text: "second", status: 200, at: 31_000 },
    ]);
  });

  it("paces one channel at one message a second without a single 429", async () => {
    const sends = Array.from({ length: 5 }, (_, index) =>
      client.postMessage({ channel: "C0BUSY", text: `m${index}` }),
    );
    const quiet = client.postMessage({ channel: "C0QUIET", text: "q" });
    await tracker.settle();
    for (let second = 0; second < 5; second += 1) {
      await vi.advanceTimersByTimeAsync(1_000);
      await tracker.settle();
    }
    await Promise.all([...sends, quiet]);
    const busyTimes = slack
      .calls("chat.postMessage")
      .filter((call) => call.params.channel === "C0BUSY")
      .map((call) => call.request.timestamp - START);
    expect(busyTimes).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    const quietTimes = slack
      .calls("chat.postMessage")
      .filter((call) => call.params.channel === "C0QUIET")
      .map((call) => call.request.timestamp - START);
    expect(quietTimes).toEqual([0]);
    expect(slack.requests.every((request) => request.status === 200)).toBe(true);
  });

  it("gives up with RateLimitError when Slack asks to wait longer than allowed", async () => {
    slack.server.use(refuseFirstPostTo("C0BUSY", 3_600));
    const error = await client
      .postMessage({ channel: "C0BUSY", text: "too long a wait" })
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
  });

  it("gives up sooner with a lower maxRateLimitWaitMs", async () => {
    slack.server.use(refuseFirstPostTo("C0BUSY", 30));
    const impatient = createSlackClient({
      botToken: slack.botToken,
      slackApiUrl: slack.apiUrl,
      env: {},
      maxRateLimitWaitMs: 10_000,
    });
    const error = await impatient
      .postMessage({ channel: "C0BUSY", text: "cannot wait 30 s" })
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(30_000);
    expect(slack.calls("chat.postMessage")).toHaveLength(1);
  });
});
