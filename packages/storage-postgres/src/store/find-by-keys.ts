import type { CorrelatedEvent, FindByKeysOptions } from "@contexten/core";
import { ValidationError } from "@contexten/core";
import { type EventRow, eventColumnsFor, eventFromRow } from "./event-codec";
import type { StoreContext } from "./store-context";
import { dateOption, integerOption } from "./validate-options";

const KINDS = { keys: ["key"], refs: ["ref"], any: ["key", "ref"] } as const;

/**
 * Events whose keys and/or refs include any of `keys`, newest first. The lookup is an
 * index range scan of `event_keys` (primary key `(key, kind, event_id)`) per key, joined
 * to `events` by primary key: its cost follows the matches, not the table size.
 */
export async function findEventsByKeys(
  context: StoreContext,
  keys: readonly string[],
  options: FindByKeysOptions = {},
): Promise<CorrelatedEvent[]> {
  const match = options.match ?? "any";
  if (!(match in KINDS)) {
    throw new ValidationError({
      message: `findByKeys: match must be "keys", "refs" or "any"; got ${JSON.stringify(match)}.`,
      issues: [{ path: "match", message: "expected keys, refs or any" }],
    });
  }
  const limit = integerOption(options.limit, 1000, {
    min: 1,
    max: 100_000,
    path: "findByKeys.limit",
  });
  const since = dateOption(options.since, "findByKeys.since");
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  const { events, eventKeys } = context.tables;
  const { rows } = await context.client.query<EventRow>(
    `SELECT ${eventColumnsFor(options)} FROM ${events}
      WHERE id IN (
        SELECT event_id FROM ${eventKeys} WHERE key = ANY($1::text[]) AND kind = ANY($2::text[])
      )
      AND ($3::timestamptz IS NULL OR occurred_at >= $3::timestamptz)
      ORDER BY occurred_at DESC, id DESC
      LIMIT $4`,
    [unique, [...KINDS[match]], since?.toISOString() ?? null, limit],
  );
  return rows.map(eventFromRow);
}
