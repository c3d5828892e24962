import {
  type CorrelatedEvent,
  CorrelationKeys,
  type EventRef,
  extractReferences,
  mergeReferences,
} from "@contexten/core";
import {
  type DeliveryContext,
  slackCorrelatedEvent,
  slackTime,
  typeSegment,
} from "./slack-event-base";
import type { SlackEvent, SlackEventEnvelope } from "./slack-payloads";
import { messageReferences, messageTitle, slackTextToPlain } from "./slack-text";

/** Message subtypes that are still a message someone sent. */
const SENT_SUBTYPES = new Set(["bot_message", "thread_broadcast", "file_share", "me_message"]);

/**
 * Normalizes an Events API envelope into one event:
 *
 * - `message` → `slack.message.sent` (also bot messages, thread broadcasts, file shares),
 *   `slack.message.edited`, `slack.message.deleted`, or `slack.message.<subtype>`;
 * - `app_mention` → `slack.app_mention.sent`;
 * - `reaction_added` / `reaction_removed` → `slack.reaction.added` / `.removed`;
 * - anything else → `slack.<type>` (`slack.<type>.<subtype>`), stored as it is.
 *
 * Messages carry `slack:message:<channel>:<ts>` and, for a thread root,
 * `slack:thread:<channel>:<ts>` in `keys`; a reply refs its thread (evidence `thread`), and
 * every message refs what its text and attachments link: GitHub pull requests and issues,
 * Linear issues (URLs and `ENG-123`), Slack permalinks and other URLs.
 */
export function normalizeEventCallback(
  envelope: SlackEventEnvelope,
  context: DeliveryContext,
): CorrelatedEvent[] {
  const { event } = envelope;
  const fallbackTime = slackTime(envelope.event_time, context.receivedAt);
  const payload = envelope as unknown as Record<string, unknown>;
  if (event.type === "message" || event.type === "app_mention") {
    return [
      slackCorrelatedEvent(context, 0, {
        ...messageParts(event, fallbackTime),
        payload,
      }),
    ];
  }
  if (event.type === "reaction_added" || event.type === "reaction_removed") {
    const { item } = event;
    const refs: EventRef[] =
      item?.type === "message" && item.channel && item.ts
        ? [
            {
              key: CorrelationKeys.slackMessage(item.channel, item.ts),
              evidence: "attachment",
              field: "item",
            },
          ]
        : [];
    return [
      slackCorrelatedEvent(context, 0, {
        type: event.type === "reaction_added" ? "slack.reaction.added" : "slack.reaction.removed",
        occurredAt: slackTime(event.event_ts, fallbackTime),
        subject: {
          kind: "reaction",
          id: `${item?.channel ?? item?.file ?? "unknown"}/${item?.ts ?? ""}/${event.user ?? ""}/${event.reaction ?? ""}`,
          title: `:${event.reaction ?? "?"}:`,
        },
        refs,
        payload,
      }),
    ];
  }
  const segments = ["slack", typeSegment(event.type)];
  if (event.subtype) segments.push(typeSegment(event.subtype));
  return [
    slackCorrelatedEvent(context, 0, {
      type: segments.join("."),
      occurredAt: slackTime(event.event_ts ?? event.ts, fallbackTime),
      subject: {
        kind: typeSegment(event.type),
        id: envelope.event_id,
        ...(messageTitle(event.text) ? { title: messageTitle(event.text) } : {}),
      },
      refs: event.text
        ? extractReferences(slackTextToPlain(event.text), { field: "event.text" })
        : [],
      payload,
    }),
  ];
}

type MessageParts = Omit<Parameters<typeof slackCorrelatedEvent>[2], "payload">;

function messageParts(event: SlackEvent, fallbackTime: Date): MessageParts {
  const channel = event.channel ?? "unknown";
  if (event.type === "message" && event.subtype === "message_deleted") {
    const ts = event.deleted_ts ?? event.previous_message?.ts ?? event.ts ?? "";
    return {
      type: "slack.message.deleted",
      occurredAt: slackTime(event.event_ts ?? event.ts, fallbackTime),
      subject: { kind: "message", id: `${channel}/${ts}` },
      keys: [CorrelationKeys.slackMessage(channel, ts)],
    };
  }
  const edited = event.type === "message" && event.subtype === "message_changed";
  const message = edited && event.message ? event.message : event;
  const ts = message.ts ?? event.ts ?? event.event_ts ?? "";
  const threadTs = message.thread_ts;
  const isReply = threadTs !== undefined && threadTs !== ts;
  const keys = [CorrelationKeys.slackMessage(channel, ts)];
  if (!isReply) keys.push(CorrelationKeys.slackThread(channel, ts));
  const refs = mergeReferences(
    isReply
      ? [
          {
            key: CorrelationKeys.slackThread(channel, threadTs),
            evidence: "thread",
            field: "thread_ts",
          },
        ]
      : [],
    messageReferences(message, edited ? "message.text" : "text"),
  );
  const title = messageTitle(message.text);
  return {
    type: messageType(event, edited),
    occurredAt: edited
      ? slackTime(event.event_ts ?? event.ts, fallbackTime)
      : slackTime(ts, fallbackTime),
    subject: { kind: "message", id: `${channel}/${ts}`, ...(title ? { title } : {}) },
    keys,
    refs,
  };
}

function messageType(event: SlackEvent, edited: boolean): string {
  if (event.type === "app_mention") return "slack.app_mention.sent";
  if (edited) return "slack.message.edited";
  if (!event.subtype || SENT_SUBTYPES.has(event.subtype)) return "slack.message.sent";
  return `slack.message.${typeSegment(event.subtype)}`;
}
