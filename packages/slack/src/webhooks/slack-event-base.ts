import {
  type CorrelatedEvent,
  deriveEventId,
  type EventRef,
  type EventSubject,
  sealEvent,
} from "@contexten/core";

/** What every event normalized from one delivery shares. */
export interface DeliveryContext {
  /** The delivery id (`event_id`, or derived for commands and interactions). */
  deliveryId: string;
  /** When the request arrived. */
  receivedAt: Date;
}

/** The parts of a Slack event that differ between event families. */
export interface SlackEventParts {
  /** Namespaced type, e.g. `slack.message.sent`. */
  type: string;
  /** When it happened. */
  occurredAt: Date;
  /** What it is about. */
  subject: EventSubject;
  /** Keys it is. */
  keys?: string[];
  /** Keys it mentions. */
  refs?: EventRef[];
  /** Raw payload. */
  payload: Record<string, unknown>;
  /** Workflow run it belongs to. */
  workflowId?: string;
}

/**
 * Builds a Slack `CorrelatedEvent` whose id is derived from the delivery id and its
 * position in the delivery, so a redelivery yields the same id.
 */
export function slackCorrelatedEvent(
  context: DeliveryContext,
  index: number,
  parts: SlackEventParts,
): CorrelatedEvent {
  return sealEvent({
    id: deriveEventId("slack", context.deliveryId, index),
    type: parts.type,
    platform: "slack",
    occurredAt: parts.occurredAt,
    receivedAt: context.receivedAt,
    deliveryId: context.deliveryId,
    subject: parts.subject,
    keys: parts.keys ?? [],
    refs: parts.refs ?? [],
    payload: parts.payload,
    ...(parts.workflowId ? { workflowId: parts.workflowId } : {}),
  });
}

/** A Slack ts (`1700000000.000100`) or epoch seconds as a `Date`; `fallback` when unreadable. */
export function slackTime(value: string | number | undefined, fallback: Date): Date {
  const seconds = typeof value === "number" ? value : Number(value);
  // Some of Slack's own examples carry microseconds where seconds belong: not a time.
  return value !== undefined && Number.isFinite(seconds) && seconds > 0 && seconds < 1e11
    ? new Date(Math.round(seconds * 1000))
    : fallback;
}

/**
 * One segment of an event type: lower case, with anything but letters, digits, `_` and `-`
 * turned into `_` (`/Deploy.App` → `deploy_app`); `unknown` when nothing is left.
 */
export function typeSegment(name: string): string {
  const segment = name
    .trim()
    .toLowerCase()
    .replace(/^\/+/, "")
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return segment || "unknown";
}
