import { ConfigurationError, MemoryEventStore } from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createSlashCommandRequest,
  createUnpacedSlackLimiter,
  type FakeSlackServer,
  startFakeSlackServer,
} from "../testing/index";
import slashCommand from "../webhooks/__fixtures__/slash-command.json";
import { createSlackIntegration, type SlackIntegration } from "./slack-integration";

describe("SlackIntegration", () => {
  let slack: FakeSlackServer;
  let slackApp: SlackIntegration;

  beforeEach(async () => {
    slack = await startFakeSlackServer({
      channels: [{ id: "C0OPS", name: "ops" }],
      socketMode: true,
    });
    slackApp = createSlackIntegration({
      botToken: slack.botToken,
      appToken: slack.appToken,
      slackApiUrl: slack.apiUrl,
      signingSecret: "integration-secret",
      env: {},
      limiter: createUnpacedSlackLimiter(),
    });
  });
  afterEach(() => slack.close());

  it("is a PlatformInterface and sends rich notifications with thread status", async () => {
    expect(slackApp.platform).toBe("slack");
    expect((await slackApp.authenticate()).authenticated).toBe(true);
    expect((await slackApp.getHealthStatus()).status).toBe("healthy");
    const sent = await slackApp.sendRichNotification("C0OPS", {
      title: "Incident",
      message: "API down",
      priority: "critical",
    });
    await slackApp.updateThreadStatus("C0OPS", sent.ts, "running");
    expect(slack.state.replies("C0OPS", sent.ts).map((reply) => reply.text)).toEqual([
      ":arrows_counterclockwise: *Running*",
    ]);
  });

  it("answers a slash command the same way over HTTP and over Socket Mode", async () => {
    slackApp.registerSlashCommand("/weather", ({ command }) => `Sunny in ${command.text}`);
    const store = new MemoryEventStore();
    const http = slackApp.createWebhookHandler({ store });
    const viaHttp = await http(
      createSlashCommandRequest({
        signingSecret: "integration-secret",
        command: "/weather",
        text: "94070",
      }),
    );
    const socketMode = slackApp.createSocketMode({ store });
    await socketMode.start();
    try {
      await slack.socket!.waitForConnection();
      const viaSocket = await slack.socket!.send("slash_commands", slashCommand);
      expect(viaSocket.payload).toEqual(await viaHttp.json());
      expect(viaSocket.payload).toEqual({ response_type: "ephemeral", text: "Sunny in 94070" });
    } finally {
      await socketMode.stop();
    }
    expect((await store.query()).events.map((event) => event.type)).toEqual([
      "slack.command.weather",
      "slack.command.weather",
    ]);
  });

  it("needs a signing secret only when HTTP webhooks are used", () => {
    const socketOnly = createSlackIntegration({ botToken: "xoxb-x", appToken: "xapp-x", env: {} });
    expect(() => socketOnly.webhooks).toThrow(ConfigurationError);
    expect(() => socketOnly.createSocketMode({ store: new MemoryEventStore() })).not.toThrow();
  });
});
