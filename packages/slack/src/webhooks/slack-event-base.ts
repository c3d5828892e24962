import type { CorrelatedEvent, EventRef } from "@contexten/core";
import { buildEvent, type SubjectParts } from "@contexten/core/adapter";

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
  /** What it is about; fields that are not non-empty strings are dropped. */
  subject: SubjectParts;
  /** Keys it is (deduplicated; invalid ones dropped). */
  keys?: readonly (string | undefined)[];
  /** Keys it mentions (merged; refs to its own keys and invalid ones dropped). */
  refs?: readonly EventRef[];
  /** Raw payload. */
  payload: Record<string, unknown>;
  /** Workflow run it belongs to. */
  workflowId?: string | undefined;
}

/**
 * Builds a Slack `CorrelatedEvent` with core's `buildEvent`: its id derives from the
 * delivery id and its position in the delivery, so a redelivery yields the same id; keys,
 * refs and subject are validated there (invalid parts dropped, never thrown).
 */
export function buildSlackEvent(
  context: DeliveryContext,
  index: number,
  parts: SlackEventParts,
): CorrelatedEvent {
  const { occurredAt, ...rest } = parts;
  return buildEvent(
    {
      platform: "slack",
      deliveryId: context.deliveryId,
      receivedAt: context.receivedAt,
      payload: parts.payload,
    },
    index,
    { ...rest, occurredAt: [occurredAt] },
  );
}

/**
 * A Slack ts (`1700000000.000100`) or epoch seconds as a `Date`; `fallback` when the value
 * is anything else (missing, of another type, or not a time).
 */
export function slackTime(value: unknown, fallback: Date): Date {
  const seconds =
    typeof value === "number"
      ? value
      : typeof value === "string" && value.trim() !== ""
        ? Number(value)
        : Number.NaN;
  // Some of Slack's own examples carry microseconds where seconds belong: not a time.
  return Number.isFinite(seconds) && seconds > 0 && seconds < 1e11
    ? new Date(Math.round(seconds * 1000))
    : fallback;
}
