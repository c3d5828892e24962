import { MemoryEventStore } from "@contexten/core";
import { MemoryIssueTracker } from "@contexten/core/testing";
import {
  createIssueWorkflowTemplate,
  createSlackIntegration,
  type SlackIntegration,
  type WorkflowSession,
} from "@contexten/slack";
import {
  createInteractionRequest,
  createSlashCommandRequest,
  createUnpacedSlackLimiter,
  createViewSubmissionPayload,
  type FakeSlackServer,
  startFakeSlackServer,
  withView,
} from "@contexten/slack/testing";
import type { Redis } from "ioredis";
import { afterEach, beforeEach, expect, it } from "vitest";
import { RedisSessionStore } from "../src/sessions/redis-session-store";
import { deleteKeys, openClient, uniquePrefix } from "./support/redis";

const SECRET = "shared-workflow-secret";
let slack: FakeSlackServer;
let clients: Redis[];
let prefix: string;
beforeEach(async () => {
  slack = await startFakeSlackServer({ channels: [{ id: "C0TRIAGE", name: "triage" }] });
  clients = [];
  prefix = uniquePrefix("slack");
});
afterEach(async () => {
  await slack.close();
  for (const client of clients) client.disconnect();
  await deleteKeys(prefix);
});

/** One instance of a Slack app: its own integration, the shared Redis sessions. */
function replica(tracker: MemoryIssueTracker) {
  const client = openClient();
  clients.push(client);
  const app: SlackIntegration = createSlackIntegration({
    botToken: slack.botToken,
    slackApiUrl: slack.apiUrl,
    signingSecret: SECRET,
    env: {},
    limiter: createUnpacedSlackLimiter(),
    templates: [createIssueWorkflowTemplate({ tracker, container: "ENG" })],
    sessionStore: new RedisSessionStore<WorkflowSession>({ client, keyPrefix: prefix }),
  });
  app.registerSlashCommand("/issue", async ({ command }) => {
    await app.createWorkflowModal(command.trigger_id, "create_issue", {
      userId: command.user_id,
      context: { text: command.text },
    });
  });
  return { app, handle: app.createWebhookHandler({ store: new MemoryEventStore() }) };
}

it("a modal opened through one replica is continued and completed through others", async () => {
  const tracker = new MemoryIssueTracker({ platform: "linear" });
  const [a, b, c] = [replica(tracker), replica(tracker), replica(tracker)];
  const opened = await a.handle(
    createSlashCommandRequest({
      signingSecret: SECRET,
      command: "/issue",
      text: "Login fails with SSO",
      userId: "U0ALICE",
      channelId: "C0TRIAGE",
      triggerId: "1.2.open",
    }),
  );
  expect(opened.status).toBe(200);
  const [modal] = slack.state.viewList();
  const submit = async (
    handle: typeof a.handle,
    view: NonNullable<typeof modal>,
    answers: Record<string, string>,
  ) => {
    const payload = createViewSubmissionPayload({
      view,
      answers,
      userId: "U0ALICE",
      state: slack.state,
    });
    const response = await handle(createInteractionRequest({ signingSecret: SECRET, payload }));
    expect(response.status).toBe(200);
    return (await response.json()) as { response_action: string; view: Record<string, unknown> };
  };
  const step2 = await submit(b.handle, modal!, { title: "Login fails with SSO", description: "" });
  expect(step2).toMatchObject({ response_action: "update", view: { submit: { text: "Submit" } } });
  const done = await submit(c.handle, withView(modal!, step2.view), { priority: "high" });
  expect(done.response_action).toBe("update");
  await c.app.workflows.drain();
  expect(tracker.all()).toMatchObject([{ title: "Login fails with SSO", priority: "high" }]);
  // Every replica reads the same finished session.
  const [key] = await clients[0]!.keys(`${prefix}{sessions}:session:*`);
  const sessionId = key!.slice(key!.indexOf(":session:") + ":session:".length);
  for (const { app } of [a, b, c]) {
    expect(await app.workflows.getSession(sessionId)).toMatchObject({
      status: "completed",
      userId: "U0ALICE",
    });
  }
});
