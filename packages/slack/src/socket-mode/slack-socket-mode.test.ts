import {
  ConfigurationError,
  type CorrelatedEvent,
  type ErrorInfo,
  MemoryEventStore,
} from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createFakeSlackClient,
  type FakeSlackServer,
  slackEventEnvelope,
  startFakeSlackServer,
} from "../testing/index";
import viewSubmission from "../webhooks/__fixtures__/interaction-view-submission.json";
import slashCommand from "../webhooks/__fixtures__/slash-command.json";
import { createSlackSocketMode, type SlackSocketMode } from "./slack-socket-mode";

describe("Socket Mode against a local WebSocket server", () => {
  let slack: FakeSlackServer;
  let socketMode: SlackSocketMode;
  let store: MemoryEventStore;
  let processed: CorrelatedEvent[];
  let errors: ErrorInfo[];

  beforeEach(async () => {
    slack = await startFakeSlackServer({ socketMode: true });
    store = new MemoryEventStore();
    processed = [];
    errors = [];
    const client = createFakeSlackClient(slack);
    socketMode = createSlackSocketMode({
      appToken: slack.appToken,
      client,
      store,
      env: {},
      instrumentation: { onError: (info) => errors.push(info) },
      onEvent: (event) => {
        processed.push(event);
      },
    });
    await socketMode.start();
    await slack.socket!.waitForConnection();
  });
  afterEach(async () => {
    await socketMode.stop();
    await slack.close();
  });

  it("connects with apps.connections.open and the app token", () => {
    const [open] = slack.calls("apps.connections.open");
    expect(open!.request.headers.authorization).toBe(`Bearer ${slack.appToken}`);
    expect(socketMode.connected).toBe(true);
    expect(slack.socket!.connections).toBe(1);
  });

  it("stores an events_api envelope, acks it empty, and processes a retried one once", async () => {
    const envelope = slackEventEnvelope({
      event: {
        type: "message",
        channel: "C1",
        user: "U1",
        text: "see <https://github.com/acme/api/pull/9>",
        ts: "1700000000.000100",
      },
      eventId: "Ev0SOCKET1",
    });
    const first = await slack.socket!.send("events_api", envelope);
    const retry = await slack.socket!.send("events_api", envelope, {
      retryAttempt: 1,
      retryReason: "timeout",
    });
    expect(first.payload).toBeUndefined();
    expect(retry.payload).toBeUndefined();
    await socketMode.handler.drain();
    const { events } = await store.query();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "slack.message.sent",
      deliveryId: "Ev0SOCKET1",
      refs: [expect.objectContaining({ key: "github:pr:acme/api#9" })],
    });
    expect(processed.map((event) => event.deliveryId)).toEqual(["Ev0SOCKET1"]);
  });

  it("acks a slash command with the handler's message, as HTTP would answer", async () => {
    socketMode.registerSlashCommand(
      "/weather",
      ({ command }) => `Forecast for ${command.text}: sunny`,
    );
    const ack = await slack.socket!.send("slash_commands", slashCommand);
    expect(ack.payload).toEqual({ response_type: "ephemeral", text: "Forecast for 94070: sunny" });
    const { events } = await store.query();
    expect(events.map((event) => event.type)).toEqual(["slack.command.weather"]);
  });

  it("acks a view submission with the handler's response_action", async () => {
    socketMode.registerInteractiveHandler({ callbackId: "modal-with-inputs" }, () => ({
      response_action: "errors",
      errors: { "multi-line": "Too short" },
    }));
    const ack = await slack.socket!.send("interactive", viewSubmission);
    expect(ack.payload).toEqual({
      response_action: "errors",
      errors: { "multi-line": "Too short" },
    });
    // The same interaction again (same trigger id) is a duplicate: acked, not handled twice.
    const again = await slack.socket!.send("interactive", viewSubmission);
    expect(again.payload).toBeUndefined();
    expect((await store.query()).events).toHaveLength(1);
  });

  it("acks a malformed envelope without storing it", async () => {
    // An interaction without a type: refused by the same parser as over HTTP (400).
    const ack = await slack.socket!.send("interactive", { trigger_id: "1.2.3" });
    expect(ack.payload).toBeUndefined();
    expect((await store.query()).events).toEqual([]);
    expect(errors.map((info) => [info.phase, (info.error as Error).message])).toEqual([
      [
        "slack.socket-mode",
        expect.stringMatching(/interactive envelope was refused \(400\).*no type/),
      ],
    ]);
  });
});

describe("createSlackSocketMode configuration", () => {
  it("needs an app-level token", () => {
    expect(() => createSlackSocketMode({ store: new MemoryEventStore(), env: {} })).toThrow(
      ConfigurationError,
    );
    expect(() => createSlackSocketMode({ store: new MemoryEventStore(), env: {} })).toThrow(
      /SLACK_APP_TOKEN/,
    );
  });

  it("fails to start when Slack refuses the app token", async () => {
    const slack = await startFakeSlackServer({ socketMode: true });
    try {
      const socketMode = createSlackSocketMode({
        appToken: "xapp-wrong",
        slackApiUrl: slack.apiUrl,
        store: new MemoryEventStore(),
        env: {},
        autoReconnect: false,
      });
      await expect(socketMode.start()).rejects.toThrow(/invalid_auth/);
      expect(socketMode.connected).toBe(false);
    } finally {
      await slack.close();
    }
  });
});
