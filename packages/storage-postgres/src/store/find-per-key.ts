import type { CorrelatedEvent, KeyLookup, ReadOptions } from "@contexten/core";
import { validateKeyLookups } from "@contexten/core/adapter";
import { type EventRow, eventColumnsFor, eventFromRow } from "./event-codec";
import type { StoreContext } from "./store-context";

/** One index range to read: a lookup's key and one kind, in one direction. */
interface Range {
  lookup: number;
  key: string;
  kind: "key" | "ref";
  limit: number;
  since: string | null;
  until: string | null;
}

function rangesOf(lookups: readonly KeyLookup[], order: KeyLookup["order"]): Range[] {
  return lookups.flatMap((lookup, index) => {
    if (lookup.order !== order) return [];
    const kinds =
      lookup.match === "keys"
        ? (["key"] as const)
        : lookup.match === "refs"
          ? (["ref"] as const)
          : (["key", "ref"] as const);
    return kinds.map((kind) => ({
      lookup: index,
      key: lookup.key,
      kind,
      limit: lookup.limit,
      since: lookup.since?.toISOString() ?? null,
      until: lookup.until?.toISOString() ?? null,
    }));
  });
}

/**
 * Reads the ranges of one direction in one statement: for each, a bounded scan of the
 * `(key, kind, occurred_at, event_id)` index from the requested end, then the events by
 * primary key. The cost is the sum of the limits, not the number of events per key.
 */
async function readRanges(
  context: StoreContext,
  ranges: readonly Range[],
  newest: boolean,
  options: ReadOptions,
): Promise<{ lookup: number; event: CorrelatedEvent }[]> {
  if (ranges.length === 0) return [];
  const direction = newest ? "DESC" : "ASC";
  const { events, eventKeys } = context.tables;
  const { rows } = await context.client.query<EventRow & { lookup_index: number }>(
    `SELECT r.lookup_index, e.*
      FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[])
        AS r(lookup_index, key, kind, lim, since, until)
      CROSS JOIN LATERAL (
        SELECT k.event_id FROM ${eventKeys} AS k
        WHERE k.key = r.key AND k.kind = r.kind
          AND (r.since IS NULL OR k.occurred_at >= r.since)
          AND (r.until IS NULL OR k.occurred_at < r.until)
        ORDER BY k.occurred_at ${direction}, k.event_id ${direction}
        LIMIT r.lim
      ) AS picked
      CROSS JOIN LATERAL (
        SELECT ${eventColumnsFor(options)} FROM ${events} WHERE id = picked.event_id
      ) AS e`,
    [
      ranges.map((range) => range.lookup),
      ranges.map((range) => range.key),
      ranges.map((range) => range.kind),
      ranges.map((range) => range.limit),
      ranges.map((range) => range.since),
      ranges.map((range) => range.until),
    ],
  );
  return rows.map((row) => ({ lookup: Number(row.lookup_index), event: eventFromRow(row) }));
}

/** `(occurredAt, id)` order, as the contract sorts events. */
function compareEvents(a: CorrelatedEvent, b: CorrelatedEvent): number {
  const time = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (time !== 0) return time;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * `EventStore.findPerKey` on PostgreSQL: each lookup reads at most its limit of rows per
 * kind through the key-time index, so a key shared by 100,000 events costs what a key
 * shared by ten does.
 */
export async function findPerKey(
  context: StoreContext,
  lookups: readonly KeyLookup[],
  options: ReadOptions = {},
): Promise<CorrelatedEvent[][]> {
  validateKeyLookups(lookups);
  const [newest, oldest] = await Promise.all([
    readRanges(context, rangesOf(lookups, "newest"), true, options),
    readRanges(context, rangesOf(lookups, "oldest"), false, options),
  ]);
  const found = lookups.map(() => new Map<string, CorrelatedEvent>());
  for (const { lookup, event } of [...newest, ...oldest]) found[lookup]!.set(event.id, event);
  return lookups.map((lookup, index) => {
    const sorted = [...found[index]!.values()].sort(compareEvents);
    if (lookup.order === "newest") sorted.reverse();
    return sorted.slice(0, lookup.limit);
  });
}
