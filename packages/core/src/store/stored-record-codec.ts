import { LRUCache } from "lru-cache";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";
import { jsonTextOf } from "../sealing/json-text";
import { freezeEventParts } from "../sealing/seal-event";
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

/**
 * Decoded heads (everything but payload, dates and group) of recently read events, frozen
 * so that payload-less reads can share them; see {@link decodeEventHead}.
 */
export type HeadCache = LRUCache<StoredEvent, FrozenHead>;

/** What a {@link HeadCache} keeps per event: its decoded fields, nested parts frozen. */
export interface FrozenHead {
  readonly id: string;
  readonly type: string;
  readonly platform: string;
  readonly receivedAtMs: number;
  readonly subject: CorrelatedEvent["subject"];
  readonly keys: CorrelatedEvent["keys"];
  readonly refs: CorrelatedEvent["refs"];
  readonly deliveryId: CorrelatedEvent["deliveryId"];
  readonly parentEventId: CorrelatedEvent["parentEventId"];
  readonly workflowId: CorrelatedEvent["workflowId"];
  readonly notes: CorrelatedEvent["notes"];
}

/** A {@link HeadCache} of `max` events. */
export function createHeadCache(max = 20_000): HeadCache {
  return new LRUCache<StoredEvent, FrozenHead>({ max });
}

/** Decodes a record's head (no cache); see {@link decodeEventHead}. */
export function readHead(record: StoredEvent): FrozenHead {
  const event = JSON.parse(record.json) as Omit<
    CorrelatedEvent,
    "occurredAt" | "receivedAt" | "payload" | "correlationId"
  > & { receivedAt: string };
  freezeEventParts(event);
  return {
    id: record.id,
    type: record.type,
    platform: record.platform,
    receivedAtMs: Date.parse(event.receivedAt),
    subject: event.subject,
    keys: event.keys,
    refs: event.refs,
    deliveryId: event.deliveryId,
    parentEventId: event.parentEventId,
    workflowId: event.workflowId,
    notes: event.notes,
  };
}

/**
 * An event from its stored record without decoding the payload, which comes back as `{}`
 * (see `ReadOptions.payload`). The top-level object and its dates are fresh; `subject`,
 * `keys`, `refs` and `notes` are frozen and shared with other payload-less reads of the event, so
 * reading candidates again and again costs no JSON decoding.
 */
export function decodeEventHead(record: StoredEvent, cache: HeadCache): CorrelatedEvent {
  let head = cache.get(record);
  if (!head) {
    head = readHead(record);
    cache.set(record, head);
  }
  const event: CorrelatedEvent = {
    id: head.id,
    type: head.type,
    platform: head.platform,
    occurredAt: new Date(record.time),
    receivedAt: new Date(head.receivedAtMs),
    subject: head.subject,
    keys: head.keys,
    refs: head.refs,
    payload: {},
  };
  // Optional fields keep their presence (absent, null or set) exactly as appended.
  if (head.deliveryId !== undefined) event.deliveryId = head.deliveryId;
  if (record.correlationId !== null) event.correlationId = record.correlationId;
  if (head.parentEventId !== undefined) event.parentEventId = head.parentEventId;
  if (head.workflowId !== undefined) event.workflowId = head.workflowId;
  if (head.notes !== undefined) event.notes = head.notes;
  return event;
}

/** A fresh event from its stored record. */
export function decodeEvent(record: StoredEvent): CorrelatedEvent {
  const event = JSON.parse(record.json) as Omit<CorrelatedEvent, "occurredAt" | "receivedAt"> & {
    occurredAt: string;
    receivedAt: string;
  };
  return {
    ...event,
    occurredAt: new Date(event.occurredAt),
    receivedAt: new Date(event.receivedAt),
    payload: JSON.parse(record.payloadJson) as Record<string, unknown>,
    ...(record.correlationId === null ? {} : { correlationId: record.correlationId }),
  };
}

/** The decoder for a read that did or did not ask for payloads. */
export function eventDecoder(
  options: { payload?: boolean },
  heads: HeadCache,
): (record: StoredEvent) => CorrelatedEvent {
  return options.payload === false ? (record) => decodeEventHead(record, heads) : decodeEvent;
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
