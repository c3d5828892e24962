import { type CorrelatedEvent, createWebhookHandler, MemoryEventStore } from "@contexten/core";
import { describe, expect, it } from "vitest";
import {
  createInteractionRequest,
  createSlackEventRequest,
  createSlackWebhookRequest,
  createSlashCommandRequest,
} from "../testing/index";
import { encodeWorkflowMetadata } from "../workflows/workflow-metadata";
import appMention from "./__fixtures__/event-app-mention.json";
import channelCreated from "./__fixtures__/event-channel-created.json";
import message from "./__fixtures__/event-message.json";
import messageChanged from "./__fixtures__/event-message-changed.json";
import messageChangedWithoutTs from "./__fixtures__/event-message-changed-without-ts.json";
import messageReply from "./__fixtures__/event-message-reply.json";
import reactionAdded from "./__fixtures__/event-reaction-added.json";
import blockActions from "./__fixtures__/interaction-block-actions.json";
import blockSuggestion from "./__fixtures__/interaction-block-suggestion.json";
import interactiveMessage from "./__fixtures__/interaction-interactive-message.json";
import messageAction from "./__fixtures__/interaction-message-action.json";
import shortcut from "./__fixtures__/interaction-shortcut.json";
import viewClosed from "./__fixtures__/interaction-view-closed.json";
import viewSubmission from "./__fixtures__/interaction-view-submission.json";
import slashCommand from "./__fixtures__/slash-command.json";
import { slackTextToPlain } from "./slack-text";
import { slackWebhooks } from "./slack-webhook-source";

const SECRET = "normalize-secret";

async function normalize(request: Request): Promise<CorrelatedEvent> {
  const store = new MemoryEventStore();
  const handler = createWebhookHandler({
    sources: slackWebhooks({ signingSecret: SECRET }),
    store,
  });
  const { response } = await handler.process(request);
  expect(response.status).toBe(200);
  const { events } = await store.query();
  expect(events).toHaveLength(1);
  return events[0]!;
}

const event = (body: unknown) =>
  normalize(
    createSlackWebhookRequest(JSON.stringify(body), "application/json", { signingSecret: SECRET }),
  );
const interaction = (payload: Record<string, unknown>) =>
  normalize(createInteractionRequest({ signingSecret: SECRET, payload }));
const refKeys = (stored: CorrelatedEvent) =>
  stored.refs.map((ref) => `${ref.key} (${ref.evidence})`);

describe("Slack text", () => {
  it("unwraps links and mentions before references are read", () => {
    expect(
      slackTextToPlain(
        "Fixes <https://linear.app/a/issue/ENG-1|ENG-1> for <@U1> in <#C1|general> <!here> <mailto:a@b.c|a@b.c> &lt;b&gt; &amp; <https://x.test/a?b=1&amp;c=2>",
      ),
    ).toBe(
      "Fixes https://linear.app/a/issue/ENG-1 ENG-1 for @U1 in #general @here a@b.c <b> & https://x.test/a?b=1&c=2",
    );
  });
});

describe("normalizing Events API deliveries", () => {
  it("a message: slack.message.sent, its message and thread keys, and refs to the PR and the Linear issue", async () => {
    const stored = await event(message);
    expect(stored).toMatchObject({
      type: "slack.message.sent",
      platform: "slack",
      deliveryId: "Ev08MFMKH6",
      occurredAt: new Date(1355517523000),
      subject: { kind: "message", id: "C123ABC456/1355517523.000005" },
      keys: [
        "slack:message:C123ABC456:1355517523.000005",
        "slack:thread:C123ABC456:1355517523.000005",
      ],
    });
    expect(stored.subject.title).toBe(
      "Fixes https://linear.app/acme/issue/ENG-123/login-fails ENG-123: review https://github.com/acme/api/pull/42 acme/api#42 & ship",
    );
    expect(refKeys(stored)).toEqual([
      "linear:issue:ENG-123 (closes)",
      "github:pr:acme/api#42 (url)",
      "github:number:acme/api#42 (body)",
    ]);
    expect(stored.payload).toMatchObject({ event_id: "Ev08MFMKH6", team_id: "T123ABC456" });
  });

  it("a thread reply refs its thread instead of being one", async () => {
    const stored = await event(messageReply);
    expect(stored.keys).toEqual(["slack:message:C123ABC456:1355517600.000008"]);
    expect(refKeys(stored)).toEqual([
      "slack:thread:C123ABC456:1355517523.000005 (thread)",
      "github:pr:acme/api#42 (url)",
    ]);
  });

  it("an edit is slack.message.edited about the original message, with the new text's refs", async () => {
    const stored = await event(messageChanged);
    expect(stored.type).toBe("slack.message.edited");
    expect(stored.keys).toContain("slack:message:C123ABC456:1355517523.000005");
    expect(refKeys(stored)).toEqual(["linear:issue:OPS-7 (body)"]);
    expect(stored.occurredAt).toEqual(new Date(1358878755000));
  });

  it("an edit whose message has no ts is keyed by the edited message's ts, never the edit's", async () => {
    const stored = await event(messageChangedWithoutTs);
    expect(stored.type).toBe("slack.message.edited");
    // previous_message.ts names the message; event.ts (1358878755.000001) is the edit.
    expect(stored.keys).toEqual([
      "slack:message:C123ABC456:1355517523.000005",
      "slack:thread:C123ABC456:1355517523.000005",
    ]);
    expect(stored.subject.id).toBe("C123ABC456/1355517523.000005");
    expect(JSON.stringify(stored.keys)).not.toContain("1358878755");
    expect(refKeys(stored)).toEqual(["linear:issue:OPS-7 (body)"]);
    // Neither ts: no message key at all rather than the edit's.
    const bare = structuredClone(messageChangedWithoutTs);
    delete (bare.event as { previous_message?: unknown }).previous_message;
    bare.event_id = "Ev08MFMKHA";
    expect((await event(bare)).keys).toEqual([]);
  });

  it("an app mention is a message too", async () => {
    const stored = await event(appMention);
    expect(stored.type).toBe("slack.app_mention.sent");
    expect(stored.keys).toContain("slack:message:C123ABC456:1515449522.000016");
    // Slack's example carries microseconds in event_time; the message ts is the time.
    expect(stored.occurredAt).toEqual(new Date(1515449522000));
  });

  it("a reaction refs the message it was added to", async () => {
    const stored = await event(reactionAdded);
    expect(stored).toMatchObject({
      type: "slack.reaction.added",
      subject: { kind: "reaction", title: ":thumbsup:" },
    });
    expect(refKeys(stored)).toEqual(["slack:message:C123ABC456:1360782400.498405 (attachment)"]);
  });

  it("an event type without special handling is stored as slack.<type>", async () => {
    const stored = await event(channelCreated);
    expect(stored).toMatchObject({
      type: "slack.channel_created",
      subject: { kind: "channel_created", id: "Ev08MFMKJ2" },
      payload: { event: { channel: { name: "fun" } } },
    });
  });

  it("message subtypes: bot messages are sent messages, others keep their subtype", async () => {
    const bot = await normalize(
      createSlackEventRequest({
        signingSecret: SECRET,
        event: {
          type: "message",
          subtype: "bot_message",
          channel: "C1",
          text: "build ok",
          ts: "1700000000.000001",
          bot_id: "B1",
        },
      }),
    );
    expect(bot.type).toBe("slack.message.sent");
    const joined = await normalize(
      createSlackEventRequest({
        signingSecret: SECRET,
        event: {
          type: "message",
          subtype: "channel_join",
          channel: "C1",
          user: "U1",
          text: "<@U1> has joined",
          ts: "1700000000.000002",
        },
      }),
    );
    expect(joined.type).toBe("slack.message.channel_join");
    const deleted = await normalize(
      createSlackEventRequest({
        signingSecret: SECRET,
        event: {
          type: "message",
          subtype: "message_deleted",
          channel: "C1",
          deleted_ts: "1700000000.000001",
          ts: "1700000100.000000",
        },
      }),
    );
    expect(deleted).toMatchObject({
      type: "slack.message.deleted",
      keys: ["slack:message:C1:1700000000.000001"],
    });
  });

  it("fields of unexpected types degrade the event; over-long keys are shortened", async () => {
    const long = `https://example.com/${"ü".repeat(1000)}`;
    const odd = await event({
      ...message,
      event_id: "Ev0ODD",
      event: {
        ...message.event,
        text: `Fixes ENG-5 ${long}`,
        subtype: 7,
        attachments: ["not an object", null, { title_link: "https://github.com/acme/api/pull/9" }],
      },
    });
    expect(odd.type).toBe("slack.message.sent");
    const shortened = refKeys(odd).filter((key) => key.startsWith("url:https://example.com/"));
    expect(shortened).toHaveLength(1);
    const key = shortened[0]!.replace(/ \(\w+\)$/, "");
    expect(new TextEncoder().encode(key).byteLength).toBeLessThanOrEqual(512);
    expect(refKeys(odd).filter((key) => !key.startsWith("url:"))).toEqual([
      "linear:issue:ENG-5 (closes)",
      "github:pr:acme/api#9 (url)",
    ]);
    const numeric = await event({
      ...message,
      event_id: "Ev0NUM",
      event: { ...message.event, text: 42, attachments: "none" },
    });
    expect(numeric.subject.title).toBeUndefined();
    expect(numeric.keys.length).toBeGreaterThan(0);
    const actions = await interaction({ ...blockActions, actions: { action_id: "x" } });
    expect(actions.type).toBe("slack.interaction.block_actions");
  });

  it("other callback types (app_rate_limited) are stored, not rejected", async () => {
    const stored = await event({
      token: "Jhj5dZrVaK7ZwHHjRyZWjbDl",
      type: "app_rate_limited",
      team_id: "T123456",
      minute_rate_limited: 1518467820,
      api_app_id: "A123456",
    });
    expect(stored.type).toBe("slack.app_rate_limited");
  });
});

describe("normalizing commands and interactions", () => {
  it("a slash command: slack.command.<name> with its text's refs", async () => {
    const stored = await normalize(
      createSlackWebhookRequest(
        new URLSearchParams(slashCommand).toString(),
        "application/x-www-form-urlencoded",
        {
          signingSecret: SECRET,
        },
      ),
    );
    expect(stored).toMatchObject({
      type: "slack.command.weather",
      deliveryId: "command:13345224609.738474920.8088930838d88f008e0",
      subject: {
        kind: "command",
        id: "13345224609.738474920.8088930838d88f008e0",
        title: "/weather 94070",
      },
      payload: { user_id: "U2147483697", channel_id: "C2147483705", text: "94070" },
    });
    const linked = await normalize(
      createSlashCommandRequest({
        signingSecret: SECRET,
        command: "/Triage.Bug",
        text: "ENG-9 https://github.com/acme/api/pull/3",
      }),
    );
    expect(linked.type).toBe("slack.command.triage_bug");
    expect(refKeys(linked)).toEqual(["linear:issue:ENG-9 (body)", "github:pr:acme/api#3 (url)"]);
  });

  it("block_actions: refs the clicked message and its thread", async () => {
    const stored = await interaction(blockActions);
    expect(stored).toMatchObject({
      type: "slack.interaction.block_actions",
      deliveryId:
        "interaction:block_actions:12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3",
      occurredAt: new Date(1548426417840),
      subject: { kind: "block_actions", key: "WaXA" },
    });
    expect(refKeys(stored)).toEqual([
      "slack:message:CBR2V3XEX:1548261231.000200 (attachment)",
      "slack:thread:CBR2V3XEX:1548261231.000200 (thread)",
    ]);
    expect(stored.workflowId ?? undefined).toBeUndefined();
  });

  it("view_submission and view_closed are about the view; a workflow modal sets workflowId", async () => {
    const submitted = await interaction(viewSubmission);
    expect(submitted).toMatchObject({
      type: "slack.interaction.view_submission",
      subject: { kind: "view", id: "VNHU13V36", key: "modal-with-inputs", title: "My App" },
      // Every submission of one modal (each step of a workflow) is about the same view.
      keys: ["slack:view:vnhu13v36"],
    });
    const closed = await interaction({
      ...viewClosed,
      view: {
        ...viewClosed.view,
        private_metadata: encodeWorkflowMetadata({
          sessionId: "session-1",
          workflowType: "triage",
          stepId: "details",
        }),
      },
    });
    expect(closed).toMatchObject({
      type: "slack.interaction.view_closed",
      workflowId: "session-1",
    });
    expect(closed.deliveryId).toMatch(/^interaction:view_closed:[0-9a-f]{32}$/);
  });

  it("shortcuts and message actions", async () => {
    expect(await interaction(shortcut)).toMatchObject({
      type: "slack.interaction.shortcut",
      subject: { kind: "shortcut", key: "shortcut_create_task" },
    });
    const action = await interaction(messageAction);
    expect(action.type).toBe("slack.interaction.message_action");
    expect(refKeys(action)).toEqual([
      "slack:message:CXXXXXXXXXX:1581106200.000400 (attachment)",
      "slack:thread:CXXXXXXXXXX:1581106200.000400 (thread)",
      "github:number:acme/api#7 (url)",
    ]);
  });
});

describe("interactions that name their message or select differently", () => {
  it("a legacy interactive_message keeps its message: refs it, its thread and what it links", async () => {
    const stored = await interaction(interactiveMessage);
    expect(stored).toMatchObject({
      type: "slack.interaction.interactive_message",
      subject: { kind: "interactive_message", key: "recommend" },
      occurredAt: new Date(1458170917164),
    });
    expect(refKeys(stored)).toEqual([
      "slack:message:C065W1189:1458170866.000004 (attachment)",
      "slack:thread:C065W1189:1458170866.000004 (thread)",
      "linear:issue:ENG-123 (body)",
    ]);
  });

  it("a block_suggestion is named by its select and refs its modal", async () => {
    const stored = await interaction(blockSuggestion);
    expect(stored).toMatchObject({
      type: "slack.interaction.block_suggestion",
      subject: { kind: "block_suggestion", key: "linear_issue_select" },
    });
    expect(refKeys(stored)).toEqual(["slack:view:v0pkb1zfv (attachment)"]);
  });
});
