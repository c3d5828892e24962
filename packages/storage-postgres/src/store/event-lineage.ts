import type { LineageGraph, LineageOptions } from "@contexten/core";
import { EVENT_COLUMNS, type EventRow, eventFromRow } from "./event-codec";
import { LINK_COLUMNS, type LinkRow, linkFromRow } from "./link-codec";
import type { StoreContext } from "./store-context";
import { integerOption } from "./validate-options";

/**
 * Largest `maxDepth` accepted. The walk ends by itself when no unvisited event is left,
 * so this only keeps the value a sane integer for SQL.
 */
const MAX_LINEAGE_DEPTH = 1_000_000;

function walkStatement(context: StoreContext): string {
  const { events, links } = context.tables;
  // A breadth-first walk in one recursive CTE. Each step is a single row holding the
  // whole frontier and every id visited so far: the visited array is the cycle guard
  // (an event is expanded once, however many paths reach it), so the cost follows the
  // links touched rather than the number of paths, and `depth` bounds the walk. The walk
  // goes one level past `maxDepth` only to learn whether it was truncated.
  return `WITH RECURSIVE walk(depth, frontier, visited) AS (
      SELECT 0, ARRAY[e.id], ARRAY[e.id] FROM ${events} e WHERE e.id = $1
      UNION ALL
      SELECT w.depth + 1, step.ids, w.visited || step.ids
      FROM walk w
      CROSS JOIN LATERAL (
        SELECT array_agg(DISTINCT n.id) AS ids
        FROM (
          SELECT l.target_event_id AS id FROM ${links} l WHERE l.source_event_id = ANY(w.frontier)
          UNION ALL
          SELECT l.source_event_id FROM ${links} l WHERE l.target_event_id = ANY(w.frontier)
        ) n
        WHERE n.id <> ALL(w.visited)
      ) step
      WHERE w.depth <= $2 AND step.ids IS NOT NULL
    )
    SELECT w.depth, EXISTS (SELECT 1 FROM walk x WHERE x.depth > $2) AS truncated,
      ${EVENT_COLUMNS.split(", ")
        .map((column) => `e.${column}`)
        .join(", ")}
    FROM walk w
    CROSS JOIN LATERAL unnest(w.frontier) AS f(id)
    JOIN ${events} e ON e.id = f.id
    WHERE w.depth <= $2
    ORDER BY w.depth, e.occurred_at, e.id`;
}

/**
 * The connected part of the link graph around an event, links followed in both
 * directions, bounded by `maxDepth` (default 10) and safe on cycles. Two statements: the
 * walk with its events, then the links among the events reached.
 */
export async function eventLineage(
  context: StoreContext,
  eventId: string,
  options: LineageOptions = {},
): Promise<LineageGraph | undefined> {
  const maxDepth = integerOption(options.maxDepth, 10, {
    min: 0,
    max: MAX_LINEAGE_DEPTH,
    path: "lineage.maxDepth",
  });
  const { rows } = await context.client.query<EventRow & { depth: number; truncated: boolean }>(
    walkStatement(context),
    [eventId, maxDepth],
  );
  const rootRow = rows[0];
  if (!rootRow) return undefined;
  const events = rows.map(eventFromRow);
  const depths: Record<string, number> = {};
  for (const row of rows) depths[row.id] = row.depth;
  const ids = events.map((event) => event.id);
  const linkRows = await context.client.query<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM ${context.tables.links}
      WHERE source_event_id = ANY($1::text[]) AND target_event_id = ANY($1::text[])
      ORDER BY id`,
    [ids],
  );
  return {
    root: events[0]!,
    events,
    links: linkRows.rows.map(linkFromRow),
    depths,
    truncated: rootRow.truncated,
  };
}
