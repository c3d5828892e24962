import {
  ConfigurationError,
  type CorrelatedEvent,
  createWebhookHandler,
  MemoryEventStore,
} from "@contexten/core";
import { withoutHeaders } from "@contexten/core/testing";
import { runWebhookSourceConformance } from "@contexten/core/testing/conformance";
import { describe, expect, it } from "vitest";
import {
  createInteractionRequest,
  createSlackEventRequest,
  createSlackUrlVerificationRequest,
  createSlackWebhookRequest,
  createSlashCommandRequest,
} from "../testing/index";
import appMention from "./__fixtures__/event-app-mention.json";
import channelCreated from "./__fixtures__/event-channel-created.json";
import message from "./__fixtures__/event-message.json";
import messageChanged from "./__fixtures__/event-message-changed.json";
import messageReply from "./__fixtures__/event-message-reply.json";
import reactionAdded from "./__fixtures__/event-reaction-added.json";
import blockActions from "./__fixtures__/interaction-block-actions.json";
import messageAction from "./__fixtures__/interaction-message-action.json";
import shortcut from "./__fixtures__/interaction-shortcut.json";
import viewClosed from "./__fixtures__/interaction-view-closed.json";
import viewSubmission from "./__fixtures__/interaction-view-submission.json";
import slashCommand from "./__fixtures__/slash-command.json";
import urlVerification from "./__fixtures__/url-verification.json";
import { slackWebhooks } from "./slack-webhook-source";

const SECRET = "slack-signing-secret-for-tests";
const sign = { signingSecret: SECRET };

const json = (body: unknown) => () =>
  createSlackWebhookRequest(JSON.stringify(body), "application/json", sign);
const form = (fields: Record<string, string>) => () =>
  createSlackWebhookRequest(
    new URLSearchParams(fields).toString(),
    "application/x-www-form-urlencoded",
    sign,
  );
const interaction = (payload: Record<string, unknown>) => () =>
  createInteractionRequest({ ...sign, payload });

function withoutSignature(request: Request): Request {
  return withoutHeaders(request, "x-slack-signature");
}

runWebhookSourceConformance({
  name: "Slack",
  source: slackWebhooks({ signingSecret: SECRET }),
  withoutSignature,
  deliveries: [
    { name: "url_verification", request: json(urlVerification), kind: "control" },
    { name: "event: message", request: json(message) },
    { name: "event: thread reply", request: json(messageReply) },
    { name: "event: message_changed", request: json(messageChanged) },
    { name: "event: app_mention", request: json(appMention) },
    { name: "event: reaction_added", request: json(reactionAdded) },
    { name: "event: channel_created (no special handling)", request: json(channelCreated) },
    { name: "slash command", request: form(slashCommand) },
    { name: "interaction: block_actions", request: interaction(blockActions) },
    { name: "interaction: view_submission", request: interaction(viewSubmission) },
    { name: "interaction: view_closed", request: interaction(viewClosed) },
    { name: "interaction: shortcut", request: interaction(shortcut) },
    { name: "interaction: message_action", request: interaction(messageAction) },
  ],
});

function setup(options: { now?: number; secrets?: string[] } = {}) {
  const store = new MemoryEventStore();
  const processed: CorrelatedEvent[] = [];
  const source = slackWebhooks({
    signingSecrets: options.secrets ?? ["old-secret", SECRET],
    ...(options.now === undefined
      ? {}
      : {
          clock: {
            now: () => options.now!,
            setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
            clearTimeout: (timer: unknown) => clearTimeout(timer as NodeJS.Timeout),
          },
        }),
  });
  const handler = createWebhookHandler({
    sources: source,
    store,
    onEvent: (event) => {
      processed.push(event);
    },
  });
  const stored = async () => (await store.query({ limit: 1000 })).events;
  return { store, source, handler, processed, stored };
}

describe("slackWebhooks through core's webhook handler", () => {
  it("accepts Slack's published test vector and stores the command", async () => {
    const { handler, stored } = setup({
      now: 1531420618 * 1000 + 30_000,
      secrets: ["8f742231b10e8888abcd99yyyzzz85a5"],
    });
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const response = await handler(
      new Request("http://127.0.0.1/slack/events", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": "1531420618",
          "x-slack-signature":
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        },
        body,
      }),
    );
    expect(response.status).toBe(200);
    const events = await stored();
    expect(events.map((event) => event.type)).toEqual(["slack.command.webhook-collect"]);
    expect(events[0]!.deliveryId).toBe(
      "command:398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
    );
    expect(events[0]!.occurredAt).toEqual(new Date(1531420618 * 1000));
  });

  it("answers 401 and stores nothing for a stale timestamp, a wrong signature or a missing header", async () => {
    const now = Date.UTC(2030, 0, 1);
    const timestamp = now / 1000;
    const { handler, stored, processed, store } = setup({ now });
    const event = {
      type: "message",
      channel: "C1",
      user: "U1",
      text: "hi",
      ts: "1700000000.000100",
    };
    const stale = createSlackEventRequest({
      ...sign,
      event,
      timestamp: timestamp - 301,
    });
    const wrong = createSlackEventRequest({ signingSecret: "not-the-secret", event, timestamp });
    const missing = withoutSignature(createSlackEventRequest({ ...sign, event, timestamp }));
    const noTimestamp = createSlackEventRequest({ ...sign, event, timestamp });
    const headers = new Headers(noTimestamp.headers);
    headers.delete("x-slack-request-timestamp");
    const responses = await Promise.all(
      [
        stale,
        wrong,
        missing,
        new Request(noTimestamp.url, { method: "POST", headers, body: await noTimestamp.text() }),
      ].map((request) => handler.process(request)),
    );
    expect(responses.map(({ response }) => response.status)).toEqual([401, 401, 401, 401]);
    expect(responses.map(({ result }) => result.error?.code)).toEqual([
      "webhook_verification_failed",
      "webhook_verification_failed",
      "webhook_verification_failed",
      "webhook_verification_failed",
    ]);
    expect(await responses[0]!.response.json()).toMatchObject({
      error: { message: expect.stringMatching(/X-Slack-Request-Timestamp is 301 s away/) },
    });
    await handler.drain();
    expect(await stored()).toEqual([]);
    expect(processed).toEqual([]);
    // Nothing was recorded as delivered either: a valid retry would be processed.
    expect(await store.recordDelivery("slack", "EvNEVERSEEN")).toBe(true);
  });

  it("processes a retried event (same event_id, X-Slack-Retry-Num: 1) once", async () => {
    const { handler, stored, processed } = setup();
    const event = {
      type: "message",
      channel: "C1",
      user: "U1",
      text: "deploy",
      ts: "1700000000.000100",
    };
    const first = await handler.process(
      createSlackEventRequest({ ...sign, event, eventId: "Ev0RETRY01" }),
    );
    const retry = await handler.process(
      createSlackEventRequest({ ...sign, event, eventId: "Ev0RETRY01", retryNum: 1 }),
    );
    await handler.drain();
    expect(first.response.status).toBe(200);
    expect(first.result.status).toBe("processed");
    expect(retry.response.status).toBe(200);
    expect(retry.result.status).toBe("duplicate");
    expect(retry.result.eventIds).toEqual(first.result.eventIds);
    expect(processed).toHaveLength(1);
    expect(await stored()).toHaveLength(1);
    expect(processed[0]!.deliveryId).toBe("Ev0RETRY01");
  });

  it("answers url_verification with the challenge and stores nothing", async () => {
    const { handler, stored } = setup();
    const response = await handler(
      createSlackUrlVerificationRequest({ ...sign, challenge: "abc123" }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: "abc123" });
    expect(await stored()).toEqual([]);
  });

  it("answers Slack's ssl_check with an empty 200", async () => {
    const { handler, stored } = setup();
    const response = await handler(form({ ssl_check: "1", token: "x" })());
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(await stored()).toEqual([]);
  });

  it("answers 400 and stores nothing for malformed bodies", async () => {
    const { handler, stored } = setup();
    const bad = [
      createSlackWebhookRequest("{not json", "application/json", sign),
      createSlackWebhookRequest(
        JSON.stringify({ type: "event_callback", event: { type: "message" } }),
        "application/json",
        sign,
      ),
      createSlackWebhookRequest(
        JSON.stringify({ type: "event_callback", event_id: "Ev1" }),
        "application/json",
        sign,
      ),
      createSlackWebhookRequest(JSON.stringify({ hello: "world" }), "application/json", sign),
      createSlackWebhookRequest(
        JSON.stringify({ type: "url_verification" }),
        "application/json",
        sign,
      ),
      createSlackWebhookRequest("payload=%7Bbroken", "application/x-www-form-urlencoded", sign),
      createSlackWebhookRequest(
        `payload=${encodeURIComponent("{}")}`,
        "application/x-www-form-urlencoded",
        sign,
      ),
      createSlackWebhookRequest(
        "command=%2Fdeploy&text=x",
        "application/x-www-form-urlencoded",
        sign,
      ),
      createSlackWebhookRequest("something=else", "application/x-www-form-urlencoded", sign),
    ];
    const results = await Promise.all(bad.map((request) => handler.process(request)));
    expect(results.map(({ response }) => response.status)).toEqual(Array(bad.length).fill(400));
    expect(await results[2]!.response.json()).toMatchObject({
      error: { code: "validation_failed", message: expect.stringMatching(/no event object/) },
    });
    expect(await results[7]!.response.json()).toMatchObject({
      error: { message: expect.stringMatching(/missing user_id, channel_id, team_id/) },
    });
    expect(await stored()).toEqual([]);
  });

  it("refuses other content types with 415", async () => {
    const { handler } = setup();
    const request = createSlackWebhookRequest("hello", "application/json", sign);
    const headers = new Headers(request.headers);
    headers.set("content-type", "text/plain");
    const response = await handler(
      new Request(request.url, { method: "POST", headers, body: "hello" }),
    );
    expect(response.status).toBe(415);
  });

  it("gives repeated slash commands and interactions deterministic delivery ids", async () => {
    const { handler, processed } = setup();
    const command = () =>
      createSlashCommandRequest({
        ...sign,
        command: "/deploy",
        text: "api",
        triggerId: "111.222.abc",
      });
    await handler(command());
    const again = await handler.process(command());
    expect(again.result.status).toBe("duplicate");
    const closed = () => createInteractionRequest({ ...sign, payload: viewClosed });
    await handler(closed());
    expect((await handler.process(closed())).result.status).toBe("duplicate");
    await handler.drain();
    expect(processed.map((event) => event.type)).toEqual([
      "slack.command.deploy",
      "slack.interaction.view_closed",
    ]);
  });

  it("needs a signing secret, from options or SLACK_SIGNING_SECRET", () => {
    expect(() => slackWebhooks({ env: {} })).toThrow(ConfigurationError);
    expect(() => slackWebhooks({ env: {} })).toThrow(/SLACK_SIGNING_SECRET or pass signingSecret/);
    expect(slackWebhooks({ env: { SLACK_SIGNING_SECRET: "a,b" } }).platform).toBe("slack");
    expect(() => slackWebhooks({ signingSecret: SECRET, handlerTimeoutMs: 2_500 })).toThrow(
      /handlerTimeoutMs must be between 1 and 2400 ms/,
    );
  });
});
