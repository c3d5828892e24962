import { type CorrelatedEvent, CorrelationKeys, type EventRef } from "@contexten/core";
import { extractReferences, readObject, readString, typeSegment } from "@contexten/core/adapter";
import { messageRefsOf, messageTitleOf } from "./read-message";
import {
  buildSlackEvent,
  type DeliveryContext,
  type SlackEventParts,
  slackTime,
} from "./slack-event-base";
import type { SlackEventEnvelope } from "./slack-payloads";
import { slackTextToPlain } from "./slack-text";

/** Message subtypes that are still a message someone sent. */
const SENT_SUBTYPES = new Set(["bot_message", "thread_broadcast", "file_share", "me_message"]);

type EventObject = Record<string, unknown>;
type MessageParts = Omit<SlackEventParts, "payload">;

/**
 * Normalizes an Events API envelope into one event:
 *
 * - `message` → `slack.message.sent` (also bot messages, thread broadcasts, file shares),
 *   `slack.message.edited`, `slack.message.deleted`, or `slack.message.<subtype>`;
 * - `app_mention` → `slack.app_mention.sent`;
 * - `reaction_added` / `reaction_removed` → `slack.reaction.added` / `.removed`;
 * - anything else → `slack.<type>` (`slack.<type>.<subtype>`), stored as it is.
 *
 * Messages carry `slack:message:<channel>:<ts>` (an edit: the edited message's ts, from
 * `message.ts` or else `previous_message.ts`, never the edit's own) and, for a thread root,
 * `slack:thread:<channel>:<ts>` in `keys`; a reply refs its thread (evidence `thread`), and
 * every message refs what its text and attachments link: GitHub pull requests and issues,
 * Linear issues (URLs and `ENG-123`), Slack permalinks and other URLs. Fields of
 * unexpected types are skipped: the event keeps fewer keys or refs, and is stored.
 */
export function normalizeEventCallback(
  envelope: SlackEventEnvelope,
  context: DeliveryContext,
): CorrelatedEvent[] {
  const payload = envelope as unknown as Record<string, unknown>;
  const event = readObject(payload, "event") ?? {};
  const type = readString(event, "type") ?? "unknown";
  const fallbackTime = slackTime(payload.event_time, context.receivedAt);
  const parts =
    type === "message" || type === "app_mention"
      ? messageParts(event, type, fallbackTime)
      : type === "reaction_added" || type === "reaction_removed"
        ? reactionParts(event, type, fallbackTime)
        : otherParts(event, type, readString(payload, "event_id"), fallbackTime);
  return [buildSlackEvent(context, 0, { ...parts, payload })];
}

function reactionParts(event: EventObject, type: string, fallbackTime: Date): MessageParts {
  const item = readObject(event, "item");
  const channel = readString(item, "channel");
  const ts = readString(item, "ts");
  const reaction = readString(event, "reaction");
  const refs: EventRef[] =
    readString(item, "type") === "message" && channel && ts
      ? [{ key: CorrelationKeys.slackMessage(channel, ts), evidence: "attachment", field: "item" }]
      : [];
  return {
    type: type === "reaction_added" ? "slack.reaction.added" : "slack.reaction.removed",
    occurredAt: slackTime(event.event_ts, fallbackTime),
    subject: {
      kind: "reaction",
      id: `${channel ?? readString(item, "file") ?? "unknown"}/${ts ?? ""}/${readString(event, "user") ?? ""}/${reaction ?? ""}`,
      title: `:${reaction ?? "?"}:`,
    },
    refs,
  };
}

function otherParts(
  event: EventObject,
  type: string,
  eventId: string | undefined,
  fallbackTime: Date,
): MessageParts {
  const subtype = readString(event, "subtype");
  const text = readString(event, "text");
  return {
    type: ["slack", typeSegment(type), ...(subtype ? [typeSegment(subtype)] : [])].join("."),
    occurredAt: slackTime(event.event_ts ?? event.ts, fallbackTime),
    subject: { kind: typeSegment(type), id: eventId, title: messageTitleOf(event) },
    refs: text ? extractReferences(slackTextToPlain(text), { field: "event.text" }) : [],
  };
}

function messageParts(event: EventObject, type: string, fallbackTime: Date): MessageParts {
  const channel = readString(event, "channel") ?? "unknown";
  const subtype = readString(event, "subtype");
  if (type === "message" && subtype === "message_deleted") {
    const ts =
      readString(event, "deleted_ts") ??
      readString(event, "previous_message", "ts") ??
      readString(event, "ts");
    return {
      type: "slack.message.deleted",
      occurredAt: slackTime(event.event_ts ?? event.ts, fallbackTime),
      subject: { kind: "message", id: `${channel}/${ts ?? ""}` },
      keys: [ts && CorrelationKeys.slackMessage(channel, ts)],
    };
  }
  const edited = type === "message" && subtype === "message_changed";
  const message = (edited && readObject(event, "message")) || event;
  // An edit is about the edited message: its ts is message.ts, or previous_message.ts when
  // Slack leaves that out; the event's own ts is the edit's, which names no message.
  const ts = edited
    ? (readString(event, "message", "ts") ?? readString(event, "previous_message", "ts"))
    : (readString(message, "ts") ?? readString(event, "ts") ?? readString(event, "event_ts"));
  const threadTs =
    readString(message, "thread_ts") ??
    (edited ? readString(event, "previous_message", "thread_ts") : undefined);
  const isReply = threadTs !== undefined && threadTs !== ts;
  return {
    type:
      type === "app_mention"
        ? "slack.app_mention.sent"
        : edited
          ? "slack.message.edited"
          : !subtype || SENT_SUBTYPES.has(subtype)
            ? "slack.message.sent"
            : `slack.message.${typeSegment(subtype)}`,
    occurredAt: edited
      ? slackTime(event.event_ts ?? event.ts, fallbackTime)
      : slackTime(ts, fallbackTime),
    subject: { kind: "message", id: `${channel}/${ts ?? ""}`, title: messageTitleOf(message) },
    keys: ts
      ? [
          CorrelationKeys.slackMessage(channel, ts),
          isReply ? undefined : CorrelationKeys.slackThread(channel, ts),
        ]
      : [],
    refs: [
      ...(isReply
        ? [
            {
              key: CorrelationKeys.slackThread(channel, threadTs),
              evidence: "thread" as const,
              field: "thread_ts",
            },
          ]
        : []),
      ...messageRefsOf(message, edited ? "message.text" : "text"),
    ],
  };
}
