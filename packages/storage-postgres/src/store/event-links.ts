import { type Correlation, NotFoundError, type WriteResult } from "@contexten/core";
import { parseCorrelation } from "@contexten/core/adapter";
import { LINK_COLUMNS, type LinkRow, linkFromRow } from "./link-codec";
import { retryOnConflict, sqlState } from "./sql-errors";
import type { StoreContext } from "./store-context";

/**
 * Stores links in one statement (all or nothing), skipping ids already present. Both
 * events must exist: a link to an unknown event throws `NotFoundError` and stores no link
 * of the batch.
 */
export async function linkEvents(
  context: StoreContext,
  input: Correlation | readonly Correlation[],
): Promise<WriteResult> {
  const list: readonly unknown[] = Array.isArray(input) ? input : [input];
  const unique = new Map<string, Correlation>();
  const existing: string[] = [];
  for (const [index, candidate] of list.entries()) {
    const link = parseCorrelation(candidate, `link at index ${index}`);
    if (unique.has(link.id)) existing.push(link.id);
    else unique.set(link.id, link);
  }
  if (unique.size === 0) return { inserted: [], existing };
  const links = [...unique.values()];
  let rows: { id: string }[];
  try {
    ({ rows } = await retryOnConflict(() =>
      context.client.query<{ id: string }>(
        `INSERT INTO ${context.tables.links}
          (id, source_event_id, target_event_id, rule, strength, evidence, created_at)
        SELECT id, source_event_id, target_event_id, rule, strength, evidence::jsonb,
          created_at::timestamptz
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[],
          $7::text[])
          AS t(id, source_event_id, target_event_id, rule, strength, evidence, created_at)
        ORDER BY id COLLATE "C"
        ON CONFLICT (id) DO NOTHING
        RETURNING id`,
        [
          links.map((link) => link.id),
          links.map((link) => link.sourceEventId),
          links.map((link) => link.targetEventId),
          links.map((link) => link.rule),
          links.map((link) => link.strength),
          links.map((link) => JSON.stringify(link.evidence)),
          links.map((link) => link.createdAt.toISOString()),
        ],
      ),
    ));
  } catch (error) {
    if (sqlState(error) === "23503") {
      const missing = await missingEvents(context, links);
      throw new NotFoundError({
        entity: "event",
        id: missing[0] ?? "",
        message: `link: event(s) ${missing.map((id) => JSON.stringify(id)).join(", ")} are not stored; append events before linking them. No link of this batch was stored.`,
      });
    }
    throw error;
  }
  const inserted = new Set(rows.map((row) => row.id));
  existing.push(...[...unique.keys()].filter((id) => !inserted.has(id)));
  return { inserted: [...unique.keys()].filter((id) => inserted.has(id)), existing };
}

async function missingEvents(
  context: StoreContext,
  links: readonly Correlation[],
): Promise<string[]> {
  const ids = [...new Set(links.flatMap((link) => [link.sourceEventId, link.targetEventId]))];
  const { rows } = await context.client.query<{ id: string }>(
    `SELECT id FROM unnest($1::text[]) AS t(id)
      WHERE NOT EXISTS (SELECT 1 FROM ${context.tables.events} e WHERE e.id = t.id)`,
    [ids],
  );
  return rows.map((row) => row.id);
}

/** Every link where the event is source or target, oldest first. */
export async function linksOfEvent(context: StoreContext, eventId: string): Promise<Correlation[]> {
  const { rows } = await context.client.query<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM ${context.tables.links}
      WHERE source_event_id = $1 OR target_event_id = $1
      ORDER BY created_at, id`,
    [eventId],
  );
  return rows.map(linkFromRow);
}

/** The links of several events in one query, in the order of `eventIds`. */
export async function linksOfEvents(
  context: StoreContext,
  eventIds: readonly string[],
): Promise<Correlation[][]> {
  if (eventIds.length === 0) return [];
  const { rows } = await context.client.query<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM ${context.tables.links}
      WHERE source_event_id = ANY($1::text[]) OR target_event_id = ANY($1::text[])
      ORDER BY created_at, id`,
    [eventIds],
  );
  const byEvent = new Map<string, Correlation[]>(eventIds.map((id) => [id, []]));
  for (const row of rows) {
    const link = linkFromRow(row);
    byEvent.get(link.sourceEventId)?.push(link);
    if (link.targetEventId !== link.sourceEventId) byEvent.get(link.targetEventId)?.push(link);
  }
  return eventIds.map((id) => byEvent.get(id) ?? []);
}
