import { jsonTextOf } from "../immutable/json-text";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";
import type { StoredEvent } from "./stored-event-list";

const interned = new Map<string, string>();

/** One shared instance per distinct short string (types and platforms repeat a lot). */
function intern(value: string): string {
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size < 10_000) interned.set(value, value);
  return value;
}

/** Builds the stored record of a validated event. */
export function encodeEvent(event: CorrelatedEvent): StoredEvent {
  const { correlationId, payload, ...rest } = event;
  return {
    id: event.id,
    time: event.occurredAt.getTime(),
    type: intern(event.type),
    platform: intern(event.platform),
    json: JSON.stringify(rest),
    payloadJson: jsonTextOf(payload),
    correlationId: correlationId ?? null,
  };
}

/** A fresh event from its stored record. */
export function decodeEvent(record: StoredEvent): CorrelatedEvent {
  return decode(record, true);
}

/**
 * A fresh event from its stored record without decoding the payload, which comes back as
 * `{}` (see `FindByKeysOptions.payload`).
 */
export function decodeEventHead(record: StoredEvent): CorrelatedEvent {
  return decode(record, false);
}

function decode(record: StoredEvent, withPayload: boolean): CorrelatedEvent {
  const event = JSON.parse(record.json) as Omit<CorrelatedEvent, "occurredAt" | "receivedAt"> & {
    occurredAt: string;
    receivedAt: string;
  };
  return {
    ...event,
    occurredAt: new Date(event.occurredAt),
    receivedAt: new Date(event.receivedAt),
    payload: withPayload ? (JSON.parse(record.payloadJson) as Record<string, unknown>) : {},
    ...(record.correlationId === null ? {} : { correlationId: record.correlationId }),
  };
}

/** The decoder for a read that did or did not ask for payloads. */
export function eventDecoder(options: {
  payload?: boolean;
}): (record: StoredEvent) => CorrelatedEvent {
  return options.payload === false ? decodeEventHead : decodeEvent;
}

/** A link as stored: its fields, with only the evidence list as JSON. */
export interface StoredLink {
  /** Link id. */
  readonly id: string;
  /** Source event id. */
  readonly sourceEventId: string;
  /** Target event id. */
  readonly targetEventId: string;
  /** Rule name (interned). */
  readonly rule: string;
  /** Strength. */
  readonly strength: number;
  /** `createdAt` in epoch milliseconds. */
  readonly createdAt: number;
  /** The evidence list as JSON. */
  readonly evidence: string;
}

/** Builds the stored form of a validated link. */
export function encodeLink(link: Correlation): StoredLink {
  return {
    id: link.id,
    sourceEventId: link.sourceEventId,
    targetEventId: link.targetEventId,
    rule: intern(link.rule),
    strength: link.strength,
    createdAt: link.createdAt.getTime(),
    evidence: JSON.stringify(link.evidence),
  };
}

/** A fresh link from its stored form. */
export function decodeLink(stored: StoredLink): Correlation {
  return {
    id: stored.id,
    sourceEventId: stored.sourceEventId,
    targetEventId: stored.targetEventId,
    rule: stored.rule,
    strength: stored.strength,
    evidence: JSON.parse(stored.evidence) as Correlation["evidence"],
    createdAt: new Date(stored.createdAt),
  };
}
