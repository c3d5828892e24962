import {
  type CorrelatedEvent,
  CorrelationKeys,
  type EventRef,
  type EventSubject,
  extractReferences,
  mergeReferences,
  platformObjectKey,
} from "@contexten/core";
import { readHandback } from "../blocks/notification-blocks";
import { readWorkflowMetadata } from "../workflows/workflow-metadata";
import {
  type DeliveryContext,
  slackCorrelatedEvent,
  slackTime,
  typeSegment,
} from "./slack-event-base";
import type { InteractionPayload, SlashCommandPayload } from "./slack-payloads";
import { messageReferences, slackTextToPlain } from "./slack-text";

/**
 * Normalizes a slash command into `slack.command.<name>` (`/deploy` → `slack.command.deploy`),
 * with the references its text makes. `occurredAt` is the signed request timestamp.
 */
export function normalizeSlashCommand(
  command: SlashCommandPayload,
  context: DeliveryContext,
  occurredAt: Date,
): CorrelatedEvent[] {
  const text = command.text ?? "";
  return [
    slackCorrelatedEvent(context, 0, {
      type: `slack.command.${typeSegment(command.command)}`,
      occurredAt,
      subject: {
        kind: "command",
        id: command.trigger_id || context.deliveryId,
        title: `${command.command}${text ? ` ${text}` : ""}`.slice(0, 200),
      },
      refs: text ? extractReferences(slackTextToPlain(text), { field: "text" }) : [],
      payload: { ...command },
    }),
  ];
}

/**
 * Normalizes an interaction into `slack.interaction.<type>` (`block_actions`,
 * `view_submission`, `view_closed`, `shortcut`, `message_action`, …). Interactions on a
 * message ref that message (evidence `attachment`) and its thread; a button that carries
 * a contexten handback, or a workflow modal, sets `workflowId`.
 */
export function normalizeInteraction(
  interaction: InteractionPayload,
  context: DeliveryContext,
  requestTime: Date,
): CorrelatedEvent[] {
  const firstAction = interaction.actions?.[0];
  const workflowId =
    readHandback(firstAction?.value)?.workflowId ??
    readWorkflowMetadata(interaction.view?.private_metadata)?.sessionId;
  return [
    slackCorrelatedEvent(context, 0, {
      type: `slack.interaction.${typeSegment(interaction.type)}`,
      occurredAt: slackTime(firstAction?.action_ts, requestTime),
      subject: interactionSubject(interaction, context.deliveryId),
      keys: interactionKeys(interaction),
      refs: interactionRefs(interaction),
      payload: interaction as Record<string, unknown>,
      ...(workflowId ? { workflowId } : {}),
    }),
  ];
}

function interactionSubject(interaction: InteractionPayload, deliveryId: string): EventSubject {
  const { view } = interaction;
  if (view && (interaction.type === "view_submission" || interaction.type === "view_closed")) {
    return {
      kind: "view",
      id: view.id,
      ...(view.callback_id ? { key: view.callback_id } : {}),
      ...(view.title?.text ? { title: view.title.text } : {}),
    };
  }
  const actionIds = (interaction.actions ?? []).map((action) => action.action_id);
  const name = actionIds.length > 0 ? actionIds.join(", ") : interaction.callback_id;
  return {
    kind: typeSegment(interaction.type),
    id: interaction.trigger_id || deliveryId,
    ...(name ? { key: name, title: name } : {}),
  };
}

/** Submitting or closing a view *is* about that view: every step of a modal shares the key. */
function interactionKeys(interaction: InteractionPayload): string[] {
  const viewId = interaction.view?.id;
  return viewId && (interaction.type === "view_submission" || interaction.type === "view_closed")
    ? [platformObjectKey("slack", "view", viewId)]
    : [];
}

function interactionRefs(interaction: InteractionPayload): EventRef[] {
  const channel = interaction.container?.channel_id ?? interaction.channel?.id;
  const messageTs = interaction.container?.message_ts ?? interaction.message?.ts;
  const refs: EventRef[] = [];
  // An element inside a modal refs the modal.
  const viewId =
    interaction.container?.view_id ??
    (interaction.type === "block_actions" ? interaction.view?.id : undefined);
  if (viewId) {
    refs.push({
      key: platformObjectKey("slack", "view", viewId),
      evidence: "attachment",
      field: "view",
    });
  }
  if (channel && messageTs) {
    refs.push({
      key: CorrelationKeys.slackMessage(channel, messageTs),
      evidence: "attachment",
      field: "message",
    });
    const threadTs = interaction.container?.thread_ts ?? interaction.message?.thread_ts;
    refs.push({
      key: CorrelationKeys.slackThread(channel, threadTs ?? messageTs),
      evidence: "thread",
      field: "message.thread_ts",
    });
  }
  // A message action ("Create issue from message") refs what the message links.
  const fromMessage =
    interaction.type === "message_action" && interaction.message
      ? messageReferences(interaction.message, "message.text")
      : [];
  return mergeReferences(refs, fromMessage);
}
