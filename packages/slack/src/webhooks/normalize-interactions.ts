import { type CorrelatedEvent, CorrelationKeys, type EventRef } from "@contexten/core";
import {
  extractReferences,
  objectKey,
  readArray,
  readObject,
  readString,
  type SubjectParts,
  typeSegment,
} from "@contexten/core/adapter";
import { readHandback } from "../blocks/notification-blocks";
import { readWorkflowMetadata } from "../workflows/workflow-metadata";
import { messageRefsOf } from "./read-message";
import { buildSlackEvent, type DeliveryContext, slackTime } from "./slack-event-base";
import type { InteractionPayload, SlashCommandPayload } from "./slack-payloads";
import { slackTextToPlain } from "./slack-text";

/**
 * Normalizes a slash command into `slack.command.<name>` (`/deploy` → `slack.command.deploy`),
 * with the references its text makes. `occurredAt` is the signed request timestamp.
 */
export function normalizeSlashCommand(
  command: SlashCommandPayload,
  context: DeliveryContext,
  occurredAt: Date,
): CorrelatedEvent[] {
  const name = readString(command, "command") ?? "";
  const text = readString(command, "text");
  return [
    buildSlackEvent(context, 0, {
      type: `slack.command.${typeSegment(name)}`,
      occurredAt,
      subject: {
        kind: "command",
        id: readString(command, "trigger_id") ?? context.deliveryId,
        title: `${name}${text ? ` ${text}` : ""}`.slice(0, 200),
      },
      refs: text ? extractReferences(slackTextToPlain(text), { field: "text" }) : [],
      payload: { ...command },
    }),
  ];
}

/** Submitting or closing a view is about that view. */
const VIEW_TYPES: ReadonlySet<string> = new Set(["view_submission", "view_closed"]);

/**
 * Normalizes an interaction into `slack.interaction.<type>` (`block_actions`,
 * `view_submission`, `view_closed`, `shortcut`, `message_action`, `block_suggestion`,
 * `interactive_message`, …). Interactions on a message ref that message (evidence
 * `attachment`) and its thread, legacy message buttons too (their `original_message` and
 * `message_ts`), with what the message links; a button that carries
 * a contexten handback, or a workflow modal, sets `workflowId`. Fields of unexpected types
 * are skipped (an `actions` that is not an array holds no actions).
 */
export function normalizeInteraction(
  interaction: InteractionPayload,
  context: DeliveryContext,
  requestTime: Date,
): CorrelatedEvent[] {
  const payload = interaction as Record<string, unknown>;
  const type = readString(payload, "type") ?? "unknown";
  const firstAction = readArray(payload, "actions")[0];
  const workflowId =
    readHandback(readString(firstAction, "value"))?.workflowId ??
    readWorkflowMetadata(readString(payload, "view", "private_metadata"))?.sessionId;
  const viewId = readString(payload, "view", "id");
  return [
    buildSlackEvent(context, 0, {
      type: `slack.interaction.${typeSegment(type)}`,
      occurredAt: slackTime(readObject(firstAction)?.action_ts ?? payload.action_ts, requestTime),
      subject: interactionSubject(payload, type, context.deliveryId),
      // Every step of a modal shares the view's key.
      keys: VIEW_TYPES.has(type) ? [objectKey("slack", "view", viewId)] : [],
      refs: interactionRefs(payload, type),
      payload,
      workflowId,
    }),
  ];
}

function interactionSubject(
  payload: Record<string, unknown>,
  type: string,
  deliveryId: string,
): SubjectParts {
  const view = readObject(payload, "view");
  if (view && VIEW_TYPES.has(type)) {
    return {
      kind: "view",
      id: readString(view, "id"),
      key: readString(view, "callback_id"),
      title: readString(view, "title", "text"),
    };
  }
  // Block actions name their element by action_id, legacy message buttons by name, and a
  // block_suggestion carries its one action_id at the top.
  const actionIds = readArray(payload, "actions").flatMap(
    (action) => readString(action, "action_id") ?? readString(action, "name") ?? [],
  );
  const suggestion = readString(payload, "action_id");
  if (suggestion) actionIds.push(suggestion);
  const name = actionIds.length > 0 ? actionIds.join(", ") : readString(payload, "callback_id");
  return {
    kind: typeSegment(type),
    id: readString(payload, "trigger_id") ?? deliveryId,
    key: name,
    title: name,
  };
}

function interactionRefs(payload: Record<string, unknown>, type: string): EventRef[] {
  const container = readObject(payload, "container");
  // Legacy message buttons (interactive_message) send the message as original_message,
  // and its ts as message_ts.
  const message = readObject(payload, "message") ?? readObject(payload, "original_message");
  const channel = readString(container, "channel_id") ?? readString(payload, "channel", "id");
  const messageTs =
    readString(container, "message_ts") ??
    readString(message, "ts") ??
    readString(payload, "message_ts");
  const refs: EventRef[] = [];
  // An element inside a modal refs the modal.
  const viewKey = objectKey(
    "slack",
    "view",
    readString(container, "view_id") ??
      (type === "block_actions" ? readString(payload, "view", "id") : undefined),
  );
  if (viewKey) refs.push({ key: viewKey, evidence: "attachment", field: "view" });
  if (channel && messageTs) {
    refs.push({
      key: CorrelationKeys.slackMessage(channel, messageTs),
      evidence: "attachment",
      field: "message",
    });
    const threadTs = readString(container, "thread_ts") ?? readString(message, "thread_ts");
    refs.push({
      key: CorrelationKeys.slackThread(channel, threadTs ?? messageTs),
      evidence: "thread",
      field: "message.thread_ts",
    });
  }
  // A message action ("Create issue from message") and a legacy message button refs what
  // the message links.
  if (type === "message_action" && message) refs.push(...messageRefsOf(message, "message.text"));
  if (type === "interactive_message" && message) {
    refs.push(...messageRefsOf(message, "original_message.text"));
  }
  return refs;
}
