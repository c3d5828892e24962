import { MemoryEventStore } from "@contexten/core";
import { MemoryIssueTracker } from "@contexten/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackIntegration, type SlackIntegration } from "../integration/slack-integration";
import {
  createInteractionRequest,
  createSlashCommandRequest,
  createUnpacedSlackLimiter,
  createViewClosedPayload,
  createViewSubmissionPayload,
  type FakeSlackServer,
  type FakeSlackView,
  startFakeSlackServer,
  withView,
} from "../testing/index";
import { createIssueWorkflowTemplate } from "./issue-workflow-template";
import type { WorkflowResult } from "./workflow-types";

const SECRET = "workflow-signing-secret";
const sign = { signingSecret: SECRET };

describe("interactive workflow: slash command → modal → two steps → completion", () => {
  let slack: FakeSlackServer;
  let tracker: MemoryIssueTracker;
  let slackApp: SlackIntegration;
  let store: MemoryEventStore;
  let handler: ReturnType<SlackIntegration["createWebhookHandler"]>;
  let completions: WorkflowResult[];

  beforeEach(async () => {
    slack = await startFakeSlackServer({ channels: [{ id: "C0TRIAGE", name: "triage" }] });
    tracker = new MemoryIssueTracker({ platform: "linear" });
    completions = [];
    slackApp = createSlackIntegration({
      botToken: slack.botToken,
      slackApiUrl: slack.apiUrl,
      signingSecret: SECRET,
      env: {},
      limiter: createUnpacedSlackLimiter(),
      templates: [createIssueWorkflowTemplate({ tracker, container: "ENG" })],
    });
    slackApp.workflows.onComplete((result) => {
      completions.push(result);
    });
    slackApp.registerSlashCommand("/issue", async ({ command }) => {
      await slackApp.createWorkflowModal(command.trigger_id, "create_issue", {
        userId: command.user_id,
        context: { channelId: command.channel_id, text: command.text },
      });
    });
    store = new MemoryEventStore();
    handler = slackApp.createWebhookHandler({ store });
  });
  afterEach(() => slack.close());

  /** Posts a signed view_submission for what the user sees and returns the ack body. */
  async function submit(
    view: FakeSlackView,
    answers: Record<string, string | undefined>,
    trigger: string,
  ) {
    const payload = createViewSubmissionPayload({
      view,
      answers,
      userId: "U0ALICE",
      triggerId: trigger,
      state: slack.state,
    });
    const response = await handler(createInteractionRequest({ ...sign, payload }));
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  it("files an issue through the tracker, with every step over signed HTTP and the fake Slack API", async () => {
    // 1. The slash command opens the modal (views.open, recorded by the fake).
    const ack = await handler(
      createSlashCommandRequest({
        ...sign,
        command: "/issue",
        text: "Login fails with SSO",
        userId: "U0ALICE",
        channelId: "C0TRIAGE",
        triggerId: "1000.2000.open",
      }),
    );
    expect(ack.status).toBe(200);
    expect(await ack.text()).toBe("");
    const [open] = slack.calls("views.open");
    expect(open!.params.trigger_id).toBe("1000.2000.open");
    const [modal] = slack.state.viewList();
    expect(modal!.view).toMatchObject({
      type: "modal",
      callback_id: "contexten_workflow:create_issue",
      title: { text: "New issue: details" },
      submit: { text: "Next" },
      notify_on_close: true,
    });
    const titleInput = (
      modal!.view.blocks as { block_id?: string; element?: { initial_value?: string } }[]
    ).find((block) => block.block_id === "title");
    expect(titleInput?.element?.initial_value).toBe("Login fails with SSO");

    // 2. Step 1 with a too-short title: the modal shows the error under the input.
    expect(await submit(modal!, { title: "SSO", description: "since 9:00" }, "t1")).toEqual({
      response_action: "errors",
      errors: { title: "Please write at least 5 characters." },
    });

    // 3. Step 1 again, valid: the modal is replaced by step 2 (response_action: update).
    const step2Answer = await submit(
      modal!,
      { title: "Login fails with SSO", description: "Since 9:00, every *SSO* user." },
      "t2",
    );
    expect(step2Answer).toMatchObject({
      response_action: "update",
      view: { title: { text: "New issue: triage" }, submit: { text: "Submit" } },
    });
    const step2 = withView(modal!, step2Answer.view as Record<string, unknown>);

    // 4. Step 2, the last: acked with a working view; the completion runs after the ack.
    const finalAnswer = await submit(step2, { priority: "high", labels: "bug, auth" }, "t3");
    expect(finalAnswer).toMatchObject({
      response_action: "update",
      view: { blocks: [{ text: { text: ":hourglass_flowing_sand: Creating the issue…" } }] },
    });
    await slackApp.workflows.drain();

    // 5. The completion created the issue and called back; the modal shows the outcome.
    const [issue] = tracker.all();
    expect(issue).toMatchObject({
      title: "Login fails with SSO",
      priority: "high",
      labels: ["bug", "auth"],
    });
    expect(issue!.description).toContain("Since 9:00, every *SSO* user.");
    expect(issue!.description).toContain("<@U0ALICE>");
    expect(completions).toHaveLength(1);
    expect(completions[0]).toMatchObject({
      status: "completed",
      workflowType: "create_issue",
      userId: "U0ALICE",
      values: { title: "Login fails with SSO", priority: "high", labels: "bug, auth" },
      output: { issue: { key: issue!.key } },
    });
    const [update] = slack.calls("views.update");
    expect(update!.params.view_id).toBe(modal!.id);
    expect(JSON.stringify(update!.params.view)).toContain(`Created <${issue!.url}|${issue!.key}>`);

    // Every interaction was stored as an event, tied to the session by workflowId.
    await handler.drain();
    const { events } = await store.query();
    const submissions = events.filter(
      (event) => event.type === "slack.interaction.view_submission",
    );
    expect(events.map((event) => event.type).sort()).toEqual([
      "slack.command.issue",
      "slack.interaction.view_submission",
      "slack.interaction.view_submission",
      "slack.interaction.view_submission",
    ]);
    const sessionId = completions[0]!.sessionId;
    expect(submissions.map((event) => event.workflowId)).toEqual([sessionId, sessionId, sessionId]);
    expect((await slackApp.workflows.getSession(sessionId))?.status).toBe("completed");
  });

  it("closing the modal cancels the session; a later submission is refused", async () => {
    await handler(
      createSlashCommandRequest({
        ...sign,
        command: "/issue",
        userId: "U0ALICE",
        triggerId: "1.2.3",
      }),
    );
    const [modal] = slack.state.viewList();
    const closed = await handler(
      createInteractionRequest({
        ...sign,
        payload: createViewClosedPayload({ view: modal!, userId: "U0ALICE", state: slack.state }),
      }),
    );
    expect(closed.status).toBe(200);
    const [session] = slack.state
      .viewList()
      .map((view) => JSON.parse(String(view.view.private_metadata)));
    const sessionId = session.contexten_workflow.sessionId as string;
    expect((await slackApp.workflows.getSession(sessionId))?.status).toBe("canceled");
    const late = await submit(modal!, { title: "Login fails with SSO" }, "late");
    expect(late).toMatchObject({
      response_action: "update",
      view: { blocks: [{ text: { text: "This form is closed." } }] },
    });
    expect(tracker.all()).toEqual([]);
  });

  it("another user cannot submit someone else's session", async () => {
    await handler(
      createSlashCommandRequest({
        ...sign,
        command: "/issue",
        userId: "U0ALICE",
        triggerId: "4.5.6",
      }),
    );
    const [modal] = slack.state.viewList();
    const payload = createViewSubmissionPayload({
      view: modal!,
      answers: { title: "Hijacked title" },
      userId: "U0MALLORY",
      state: slack.state,
    });
    const response = await handler(createInteractionRequest({ ...sign, payload }));
    expect(await response.json()).toMatchObject({ response_action: "update" });
    const metadata = JSON.parse(String(modal!.view.private_metadata)).contexten_workflow;
    expect((await slackApp.workflows.getSession(metadata.sessionId))?.stepIndex).toBe(0);
  });
});
