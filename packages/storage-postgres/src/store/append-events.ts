import type { CorrelatedEvent, WriteResult } from "@contexten/core";
import { parseCorrelatedEvent } from "@contexten/core/adapter";
import type { SqlExecutor } from "../client/sql-client";
import { EVENT_PAYLOAD_COLUMN, eventColumns, keyColumns } from "./event-codec";
import { retryOnConflict } from "./sql-errors";
import type { StoreContext } from "./store-context";

/** Events per `INSERT` statement; larger appends run several statements in one transaction. */
export const APPEND_CHUNK_SIZE = 1000;

/**
 * How {@link appendStatement} is gated when deliveries are written with their events: the
 * caller's common table expressions (`ctes`) must yield the 1-based indexes of the
 * deliveries that were new in a CTE named `stored`; `$17` gives each event's delivery
 * index, and only events of stored deliveries are inserted. The statement then returns
 * those indexes (`{ idx }` rows) instead of event ids.
 */
export interface DeliveryGate {
  /** Common table expressions ending in one named `stored` with an `idx` column. */
  ctes: string;
}

/**
 * The statement that inserts `count` events and their key rows, returning the inserted
 * ids, or, with a {@link DeliveryGate}, the indexes of the deliveries that were new.
 *
 * Every column but the payload travels as one array parameter (`$1`…`$16`); each payload
 * is a parameter of its own (`$payloadsFrom`, then one per event), gathered by
 * `ARRAY[…]` in SQL. A text array parameter is an array literal in which the driver
 * escapes every quote and backslash, and payloads are kilobytes of JSON full of quotes:
 * sent one by one they go as they are, which costs the driver about a quarter of the
 * time per payload.
 */
export function appendStatement(
  context: StoreContext,
  count: number,
  payloadsFrom: number,
  gate?: DeliveryGate,
): string {
  const { events, eventKeys } = context.tables;
  const payloads = Array.from({ length: count }, (_, index) => `$${payloadsFrom + index}`);
  // Rows are inserted in id order so that two transactions appending overlapping batches
  // take row locks in the same order and cannot deadlock. Keys are indexed only for the
  // events this statement actually inserted, in the same statement, so a crash can never
  // leave an event without its keys.
  return `WITH ${
    gate
      ? `${gate.ctes},
    `
      : ""
  }input AS (
      SELECT * FROM unnest(
        $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
        $8::text[], $9::text[], ARRAY[${payloads.join(", ")}]::text[], $10::text[], $11::text[],
        $12::text[], $13::text[]${gate ? ", $17::int[]" : ""}
      ) AS t(id, type, platform, occurred_at, received_at, delivery_id, subject, keys, refs,
             payload, correlation_id, parent_event_id, workflow_id, notes${gate ? ", delivery_idx" : ""})
    ),
    inserted AS (
      INSERT INTO ${events} (id, type, platform, occurred_at, received_at, delivery_id, subject,
        keys, refs, payload, correlation_id, parent_event_id, workflow_id, notes)
      SELECT id, type, platform, occurred_at::timestamptz, received_at::timestamptz, delivery_id,
        subject::jsonb, keys::jsonb, refs::jsonb, payload::jsonb, correlation_id,
        parent_event_id, workflow_id, notes::jsonb
      FROM input${gate ? " WHERE delivery_idx IN (SELECT idx FROM stored)" : ""} ORDER BY id COLLATE "C"
      ON CONFLICT (id) DO NOTHING
      RETURNING id, occurred_at
    ),
    indexed AS (
      INSERT INTO ${eventKeys} (event_id, key, kind, occurred_at)
      SELECT k.event_id, k.key, k.kind, inserted.occurred_at
      FROM unnest($14::text[], $15::text[], $16::text[]) AS k(event_id, key, kind)
      JOIN inserted ON inserted.id = k.event_id
      ON CONFLICT DO NOTHING
    )
    ${gate ? "SELECT idx FROM stored" : "SELECT id FROM inserted"}`;
}

/**
 * Parameters `$1`…`$16` of {@link appendStatement} for `chunk`: the event columns but the
 * payload, then the key rows; and the payloads, which go last (see `payloadsFrom`).
 */
export function appendParameters(chunk: readonly CorrelatedEvent[]): {
  columns: unknown[];
  payloads: string[];
} {
  const columns = eventColumns(chunk);
  const [payloads] = columns.splice(EVENT_PAYLOAD_COLUMN, 1) as [string[]];
  return { columns: [...columns, ...keyColumns(chunk)], payloads };
}

async function insertChunk(
  context: StoreContext,
  executor: SqlExecutor,
  chunk: readonly CorrelatedEvent[],
): Promise<string[]> {
  const { columns, payloads } = appendParameters(chunk);
  const statement = appendStatement(context, chunk.length, columns.length + 1);
  const { rows } = await executor.query<{ id: string }>(statement, [...columns, ...payloads]);
  return rows.map((row) => row.id);
}

/** Validated events without repeated ids, sorted by id (the lock order), and the repeats. */
export function prepareEvents(input: CorrelatedEvent | readonly CorrelatedEvent[]): {
  unique: Map<string, CorrelatedEvent>;
  sorted: CorrelatedEvent[];
  repeated: string[];
} {
  const list: readonly unknown[] = Array.isArray(input) ? input : [input];
  const unique = new Map<string, CorrelatedEvent>();
  const repeated: string[] = [];
  for (const [index, candidate] of list.entries()) {
    const event = parseCorrelatedEvent(candidate, `event at index ${index}`);
    // The first copy of an id in one batch wins; later copies count as already present.
    if (unique.has(event.id)) repeated.push(event.id);
    else unique.set(event.id, event);
  }
  const sorted = [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { unique, sorted, repeated };
}

/** Inserts already prepared events in chunks through `executor`; returns the inserted ids. */
export async function insertPrepared(
  context: StoreContext,
  executor: SqlExecutor,
  sorted: readonly CorrelatedEvent[],
): Promise<string[]> {
  const inserted: string[] = [];
  for (let start = 0; start < sorted.length; start += APPEND_CHUNK_SIZE) {
    const chunk = sorted.slice(start, start + APPEND_CHUNK_SIZE);
    inserted.push(...(await insertChunk(context, executor, chunk)));
  }
  return inserted;
}

/**
 * Validates every event first (nothing is written when one is invalid), then inserts the
 * new ones with their key index rows. A batch of up to {@link APPEND_CHUNK_SIZE} events is
 * one statement; a larger one is several statements in one transaction. Either way the
 * append is all-or-nothing.
 */
export async function appendEvents(
  context: StoreContext,
  input: CorrelatedEvent | readonly CorrelatedEvent[],
): Promise<WriteResult> {
  const { unique, sorted, repeated: existing } = prepareEvents(input);
  if (unique.size === 0) return { inserted: [], existing };
  const insertedIds = await retryOnConflict(() =>
    sorted.length <= APPEND_CHUNK_SIZE
      ? insertPrepared(context, context.client, sorted)
      : context.client.transaction((executor) => insertPrepared(context, executor, sorted)),
  );
  const insertedSet = new Set(insertedIds);
  // Report in the caller's order.
  const inserted = [...unique.keys()].filter((id) => insertedSet.has(id));
  existing.push(...[...unique.keys()].filter((id) => !insertedSet.has(id)));
  return { inserted, existing };
}
