import { matchesEventPattern, type WorkflowSuspension } from "@contexten/core";
import { isWorkflowSuspension } from "@contexten/core/adapter";
import { createTestActionContext } from "@contexten/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SlackClient } from "../client/slack-client";
import { createFakeSlackClient } from "../testing/fake-slack-client";
import { type FakeSlackServer, startFakeSlackServer } from "../testing/fake-slack-server";
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from "./slack-approval-action";
import { slackWorkflowActions } from "./slack-workflow-actions";

let slack: FakeSlackServer;
let client: SlackClient;
const action = (name: string) => slackWorkflowActions(client).find((item) => item.name === name)!;

beforeEach(async () => {
  slack = await startFakeSlackServer({ channels: [{ id: "C0DEPLOYS", name: "deploys" }] });
  client = createFakeSlackClient(slack);
});

afterEach(() => slack.close());

/** A block_actions click on the approval message, as Slack sends it. */
function click(actionId: string, message: { channel: string; ts: string }, blocks: unknown[]) {
  return {
    id: "evt-click",
    type: "slack.interaction.block_actions",
    platform: "slack",
    occurredAt: new Date(),
    receivedAt: new Date(),
    subject: { kind: "message", id: message.ts },
    keys: [],
    refs: [],
    payload: {
      type: "block_actions",
      user: { id: "U0ADA", username: "ada" },
      actions: [{ action_id: actionId }],
      container: { channel_id: message.channel, message_ts: message.ts },
      message: { text: "Deploy?", blocks },
    },
  };
}

describe("slackWorkflowActions", () => {
  it("posts a message once per step (client_msg_id), even when the step is retried", async () => {
    const post = action("slack.postMessage");
    const input = post.input.parse({ channel: "C0DEPLOYS", text: "Deploying api" });
    const context = createTestActionContext({ runId: "run-1", stepId: "announce" });
    const first = await post.run(input, context);
    const again = await post.run(input, { ...context, attempt: 2 });
    expect(again).toEqual(first);
    await post.run(input, createTestActionContext({ runId: "run-2", stepId: "announce" }));
    expect(slack.state.messages("C0DEPLOYS").map((message) => message.text)).toEqual([
      "Deploying api",
      "Deploying api",
    ]);
    expect(slack.calls("chat.postMessage")).toHaveLength(3);
  });

  it("sends a rich notification once per step", async () => {
    const notify = action("slack.sendNotification");
    const input = notify.input.parse({
      channel: "C0DEPLOYS",
      title: "PR opened: Fix login",
      message: "ada opened acme/api#42",
      url: "https://github.com/acme/api/pull/42",
      fields: [{ label: "Linear", value: "ENG-123" }],
    });
    const context = createTestActionContext({ stepId: "notify" });
    const first = await notify.run(input, context);
    expect(await notify.run(input, { ...context, attempt: 2 })).toEqual(first);
    const [message] = slack.state.messages("C0DEPLOYS");
    expect(slack.state.messages("C0DEPLOYS")).toHaveLength(1);
    expect(JSON.stringify(message?.blocks)).toContain("ENG-123");
  });

  it("shows a status on a thread and replies once", async () => {
    const root = (await action("slack.postMessage").run(
      { channel: "C0DEPLOYS", text: "Release 1.2", unfurlLinks: false },
      createTestActionContext({ stepId: "root" }),
    )) as { channel: string; ts: string };
    const update = action("slack.updateThreadStatus");
    const input = update.input.parse({ ...root, status: "completed", text: "Shipped" });
    const context = createTestActionContext({ stepId: "status" });
    await update.run(input, context);
    await update.run(input, { ...context, attempt: 2 });
    expect(slack.state.replies("C0DEPLOYS", root.ts).map((reply) => reply.text)).toEqual([
      ":white_check_mark: *Completed* — Shipped",
    ]);
    expect(JSON.stringify(slack.state.messages("C0DEPLOYS")[0]?.blocks)).toContain("Shipped");
  });

  it("asks for an approval with two buttons and waits for a click on that message", async () => {
    const approval = action("slack.requestApproval");
    const input = approval.input.parse({
      channel: "C0DEPLOYS",
      title: "Deploy api to production?",
    });
    const context = createTestActionContext({ runId: "run-7", stepId: "approve" });
    const suspension = (await approval.run(input, context)) as WorkflowSuspension;
    expect(isWorkflowSuspension(suspension)).toBe(true);
    const [message] = slack.state.messages("C0DEPLOYS");
    const buttons = JSON.stringify(message?.blocks);
    expect(buttons).toContain(APPROVE_ACTION_ID);
    expect(buttons).toContain(REJECT_ACTION_ID);
    expect(buttons).toContain('\\"workflowId\\":\\"run-7\\"');
    expect(suspension.event?.key).toBe(`slack:message:C0DEPLOYS:${message?.ts}`);
    const location = { channel: "C0DEPLOYS", ts: message!.ts };
    const yes = click(APPROVE_ACTION_ID, location, message!.blocks);
    expect(matchesEventPattern(suspension.event!.pattern, yes)).toBe(true);
    expect(
      matchesEventPattern(suspension.event!.pattern, { ...yes, type: "slack.message.sent" }),
    ).toBe(false);
    // A retried step posts nothing new.
    await approval.run(input, { ...context, attempt: 2 });
    expect(slack.state.messages("C0DEPLOYS")).toHaveLength(1);
  });

  it("turns the click into the step's output, updates the message, and fails on a rejection", async () => {
    const approval = action("slack.requestApproval");
    const input = approval.input.parse({ channel: "C0DEPLOYS", title: "Deploy?" });
    await approval.run(input, createTestActionContext());
    const [message] = slack.state.messages("C0DEPLOYS");
    const location = { channel: "C0DEPLOYS", ts: message!.ts };
    const resume = approval.resume!;
    const approved = await resume(
      { event: click(APPROVE_ACTION_ID, location, message!.blocks) as never, timedOut: false },
      input,
      createTestActionContext(),
    );
    expect(approved).toEqual({
      decision: "approved",
      userId: "U0ADA",
      userName: "ada",
      message: location,
    });
    const updated = slack.state.messages("C0DEPLOYS")[0]!;
    expect(JSON.stringify(updated.blocks)).toContain("Approved by ada");
    expect(JSON.stringify(updated.blocks)).not.toContain(APPROVE_ACTION_ID);
    const rejection = await Promise.resolve(
      resume(
        { event: click(REJECT_ACTION_ID, location, message!.blocks) as never, timedOut: false },
        input,
        createTestActionContext(),
      ),
    ).catch((error: unknown) => error);
    expect(rejection).toMatchObject({ code: "workflow_approval_rejected", retryable: false });
    expect((rejection as Error).message).toBe("Deploy?: rejected by ada in Slack.");
    const lenient = approval.input.parse({
      channel: "C0DEPLOYS",
      title: "Deploy?",
      onReject: "continue",
    });
    expect(
      await resume(
        { event: click(REJECT_ACTION_ID, location, []) as never, timedOut: false },
        lenient,
        createTestActionContext(),
      ),
    ).toMatchObject({ decision: "rejected" });
    expect(
      await resume({ event: null, timedOut: true }, lenient, createTestActionContext()),
    ).toEqual({
      decision: "timed_out",
      userId: null,
      userName: null,
      message: null,
    });
  });
});
