import { ApiCallError, NotFoundError, ValidationError } from "@contexten/core";
import { runNotifierConformance } from "@contexten/core/testing/conformance";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readHandback } from "../blocks/notification-blocks";
import { STATUS_BLOCK_ID } from "../blocks/status-blocks";
import {
  createFakeSlackClient,
  type FakeSlackServer,
  messageActionIds,
  messageText,
  readBackNotification,
  startFakeSlackServer,
} from "../testing/index";
import { createSlackNotifier, type SlackNotifier } from "./slack-notifier";

function notifierFor(slack: FakeSlackServer, permalinks = false): SlackNotifier {
  const client = createFakeSlackClient(slack);
  return createSlackNotifier({ client, permalinks });
}

let conformanceSlack: FakeSlackServer;
runNotifierConformance({
  name: "Slack",
  recipient: "C0NOTIFY",
  async createNotifier() {
    conformanceSlack = await startFakeSlackServer({
      channels: [{ id: "C0NOTIFY", name: "notify" }],
    });
    return notifierFor(conformanceSlack);
  },
  cleanup: () => conformanceSlack.close(),
  readBack: async (result) => readBackNotification(conformanceSlack.state, result),
  deliveredCount: async () => conformanceSlack.state.messageCount(),
});

describe("SlackNotifier", () => {
  let slack: FakeSlackServer;
  let notifier: SlackNotifier;

  beforeEach(async () => {
    slack = await startFakeSlackServer({
      channels: [
        { id: "C0DEPLOYS", name: "deploys" },
        { id: "C0SECRET", name: "secret", botIsMember: false },
      ],
    });
    notifier = notifierFor(slack);
  });
  afterEach(() => slack.close());

  it("sends Block Kit within Slack's limits, with a plain-text fallback", async () => {
    const result = await notifier.sendNotification("C0DEPLOYS", {
      title: "Nightly report",
      message: Array.from(
        { length: 12 },
        (_, index) => `Paragraph ${index}: ${"data ".repeat(120)}`,
      ).join("\n\n"),
      priority: "low",
      fields: Array.from({ length: 14 }, (_, index) => ({
        label: `Metric ${index}`,
        value: `${index}`,
      })),
      url: "https://ci.example.com/runs/1",
    });
    // The fake refuses blocks over Slack's limits (invalid_blocks), so arriving proves they fit.
    const message = slack.state.message(result.recipient, result.messageId)!;
    expect(message.text).toMatch(/^:white_circle: \[Low\] Nightly report: Paragraph 0/);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(messageText(message)).toContain("Metric 13");
    expect(result).toMatchObject({ platform: "slack", channel: "C0DEPLOYS", threadId: result.ts });
    expect(slack.calls("chat.postMessage")[0]!.params).toMatchObject({ unfurl_links: "false" });
  });

  it("posts a rich notification into a thread with extra blocks, and returns a permalink", async () => {
    const withLinks = notifierFor(slack, true);
    const root = await withLinks.sendRichNotification("C0DEPLOYS", {
      title: "Deploy",
      message: "started",
    });
    expect(root.url).toBe(
      `https://contexten-fake.slack.com/archives/C0DEPLOYS/p${root.ts.replace(".", "")}`,
    );
    const reply = await withLinks.sendRichNotification("C0DEPLOYS", {
      title: "Step done",
      message: "migrations ran",
      threadTs: root.ts,
      blocks: [{ type: "divider" }],
    });
    expect(reply.threadId).toBe(root.ts);
    const [stored] = slack.state.replies("C0DEPLOYS", root.ts);
    expect(stored!.ts).toBe(reply.ts);
    expect((stored!.blocks.at(-1) as { type: string }).type).toBe("divider");
  });

  it("carries the workflow id and context back through its buttons", async () => {
    const result = await notifier.createInteractiveNotification("C0DEPLOYS", {
      notification: {
        title: "Ship it?",
        message: "v2 is ready",
        actions: [{ id: "docs", label: "Docs", url: "https://x.test" }],
      },
      actions: [{ id: "ship", label: "Ship", style: "primary" }],
      workflowId: "wf-42",
      context: { release: "v2" },
    });
    expect(result.actionIds).toEqual(["docs", "ship"]);
    const message = slack.state.message("C0DEPLOYS", result.messageId)!;
    expect(messageActionIds(message)).toEqual(["docs", "ship"]);
    const buttons = (message.blocks.at(-1) as { elements: { value?: string }[] }).elements;
    expect(readHandback(buttons[1]!.value)).toEqual({
      workflowId: "wf-42",
      context: { release: "v2" },
    });
  });

  it("updates a thread: the root shows the status and the thread gets a reply", async () => {
    const root = await notifier.sendNotification("C0DEPLOYS", {
      title: "Deploy api",
      message: "v2",
    });
    const running = await notifier.updateThreadStatus("C0DEPLOYS", root.ts, "running");
    const done = await notifier.updateThreadStatus("C0DEPLOYS", root.ts, {
      status: "completed",
      text: "live in 4 min",
    });
    expect(done.root).toEqual({ channel: "C0DEPLOYS", ts: root.ts });
    const message = slack.state.message("C0DEPLOYS", root.ts)!;
    // Two updates recorded; the status line was replaced, not appended twice.
    expect(message.edits).toHaveLength(2);
    const statusBlocks = message.blocks.filter(
      (block) => (block as { block_id?: string }).block_id === STATUS_BLOCK_ID,
    );
    expect(statusBlocks).toHaveLength(1);
    expect(messageText(message)).toContain(":white_check_mark: *Completed* — live in 4 min");
    expect(messageText(message)).toContain("Deploy api");
    expect(slack.state.replies("C0DEPLOYS", root.ts).map((reply) => reply.text)).toEqual([
      ":arrows_counterclockwise: *Running*",
      ":white_check_mark: *Completed* — live in 4 min",
    ]);
    expect(running.reply.ts).not.toBe(done.reply.ts);
    expect(slack.calls().map((call) => call.method)).toEqual([
      "chat.postMessage",
      "conversations.history",
      "chat.update",
      "chat.postMessage",
      "conversations.history",
      "chat.update",
      "chat.postMessage",
    ]);
  });

  it("turns a plain-text root into blocks, and can skip the read and the reply", async () => {
    const client = createFakeSlackClient(slack);
    const posted = await client.postMessage({ channel: "C0DEPLOYS", text: "plain *root*" });
    await notifier.updateThreadStatus("C0DEPLOYS", posted.ts!, "failed", {
      original: { text: "plain *root*", blocks: [] },
      silent: true,
    });
    const message = slack.state.message("C0DEPLOYS", posted.ts!)!;
    expect(message.blocks).toHaveLength(2);
    expect(messageText(message)).toContain(":x: *Failed*");
    expect(slack.state.replies("C0DEPLOYS", posted.ts!)).toHaveLength(0);
    expect(slack.calls("conversations.history")).toHaveLength(0);
  });

  it("reports an unknown root message as NotFoundError", async () => {
    await expect(notifier.updateThreadStatus("C0DEPLOYS", "1.000001", "running")).rejects.toSatisfy(
      (error: unknown) => NotFoundError.isInstance(error),
    );
  });

  it("rejects invalid input before sending, and surfaces Slack's refusals", async () => {
    await expect(
      notifier.sendNotification("C0DEPLOYS", {
        title: "x",
        message: "",
        priority: "urgent" as never,
      }),
    ).rejects.toSatisfy((error: unknown) => ValidationError.isInstance(error));
    await expect(
      notifier.createInteractiveNotification("C0DEPLOYS", {
        notification: { title: "x", message: "" },
        actions: [{ id: "has spaces", label: "Bad id", style: "default" }],
      }),
    ).rejects.toSatisfy((error: unknown) => ValidationError.isInstance(error));
    expect(slack.state.messageCount()).toBe(0);

    const refused = await notifier
      .sendNotification("C0SECRET", { title: "x", message: "y" })
      .catch((error: unknown) => error);
    expect(ApiCallError.isInstance(refused) && refused.platformCode).toBe("not_in_channel");
  });
});
