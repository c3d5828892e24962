import type { CorrelatedEvent, EventRef, EventSubject, ReadOptions } from "@contexten/core";
import { jsonTextOf } from "@contexten/core/adapter";

const COLUMNS = [
  "id",
  "type",
  "platform",
  "occurred_at",
  "received_at",
  "delivery_id",
  "subject",
  "keys",
  "refs",
  "payload",
  "correlation_id",
  "parent_event_id",
  "workflow_id",
  "notes",
] as const;

/** Where the payload is among the columns (and among {@link eventColumns}' arrays). */
export const EVENT_PAYLOAD_COLUMN = COLUMNS.indexOf("payload");

/** Columns read for every event, in the order the row type lists them. */
export const EVENT_COLUMNS = COLUMNS.join(", ");

/** {@link EVENT_COLUMNS} with an empty object in place of the payload column. */
const EVENT_COLUMNS_WITHOUT_PAYLOAD = COLUMNS.map((column) =>
  column === "payload" ? "'{}'::jsonb AS payload" : column,
).join(", ");

/** The select list of a read: the payload left out when not wanted (`payload: false`). */
export function eventColumnsFor(options: ReadOptions | undefined): string {
  return options?.payload === false ? EVENT_COLUMNS_WITHOUT_PAYLOAD : EVENT_COLUMNS;
}

/** An `events` row as both drivers return it (timestamps as `Date`, JSON parsed). */
export interface EventRow {
  id: string;
  type: string;
  platform: string;
  occurred_at: Date | string;
  received_at: Date | string;
  delivery_id: string | null;
  subject: EventSubject;
  keys: string[];
  refs: EventRef[];
  payload: Record<string, unknown>;
  correlation_id: string | null;
  parent_event_id: string | null;
  workflow_id: string | null;
  notes: string[] | null;
}

/** Converts a driver timestamp (a `Date`, or text from JSON aggregates) to a `Date`. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Rebuilds the event from its row; `NULL` optional fields are left out, as on input. */
export function eventFromRow(row: EventRow): CorrelatedEvent {
  const event: CorrelatedEvent = {
    id: row.id,
    type: row.type,
    platform: row.platform,
    occurredAt: toDate(row.occurred_at),
    receivedAt: toDate(row.received_at),
    subject: row.subject,
    keys: row.keys,
    refs: row.refs,
    payload: row.payload,
  };
  if (row.delivery_id !== null) event.deliveryId = row.delivery_id;
  if (row.correlation_id !== null) event.correlationId = row.correlation_id;
  if (row.parent_event_id !== null) event.parentEventId = row.parent_event_id;
  if (row.workflow_id !== null) event.workflowId = row.workflow_id;
  if (row.notes !== null) event.notes = row.notes;
  return event;
}

/**
 * Column-wise arrays for one `INSERT … SELECT FROM unnest(…)`: a batch costs one statement
 * with fourteen array parameters whatever its size. Timestamps and JSON travel as text and
 * are cast in SQL, which both drivers serialize the same way.
 */
export function eventColumns(events: readonly CorrelatedEvent[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: COLUMNS.length }, () => []);
  for (const event of events) {
    const values = [
      event.id,
      event.type,
      event.platform,
      event.occurredAt.toISOString(),
      event.receivedAt.toISOString(),
      event.deliveryId ?? null,
      JSON.stringify(event.subject),
      JSON.stringify(event.keys),
      JSON.stringify(event.refs),
      jsonTextOf(event.payload),
      event.correlationId ?? null,
      event.parentEventId ?? null,
      event.workflowId ?? null,
      event.notes ? JSON.stringify(event.notes) : null,
    ];
    for (const [index, value] of values.entries()) columns[index]!.push(value);
  }
  return columns;
}

/**
 * One `event_keys` row per distinct key the events *are* (`key`) and *mention* (`ref`),
 * column-wise: event ids, keys, kinds.
 */
export function keyColumns(events: readonly CorrelatedEvent[]): [string[], string[], string[]] {
  const eventIds: string[] = [];
  const keys: string[] = [];
  const kinds: string[] = [];
  const push = (eventId: string, kind: string, values: Iterable<string>) => {
    for (const key of new Set(values)) {
      eventIds.push(eventId);
      keys.push(key);
      kinds.push(kind);
    }
  };
  for (const event of events) {
    push(event.id, "key", event.keys);
    push(
      event.id,
      "ref",
      event.refs.map((ref) => ref.key),
    );
  }
  return [eventIds, keys, kinds];
}
