import type { EventPage, EventQuery } from "@contexten/core";
import { type EventRow, eventColumnsFor, eventFromRow } from "./event-codec";
import { decodeCursor, encodeCursor } from "./event-cursor";
import type { StoreContext } from "./store-context";
import { compileTypeGlobs } from "./type-glob-sql";
import { dateOption, integerOption } from "./validate-options";

/** Collects `WHERE` conditions and their `$n` parameters. */
class Conditions {
  readonly params: unknown[] = [];
  readonly clauses: string[] = [];

  /** Adds a parameter and returns its placeholder. */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a clause. */
  add(clause: string): void {
    this.clauses.push(clause);
  }

  /** `WHERE …` or nothing. */
  toSql(): string {
    return this.clauses.length === 0 ? "" : `WHERE ${this.clauses.join(" AND ")}`;
  }
}

/**
 * Filtered listing with keyset pagination over `(occurred_at, id)`: each page is one
 * index range scan, however deep the page, and concurrent appends never shift pages.
 */
export async function queryEvents(
  context: StoreContext,
  query: EventQuery = {},
): Promise<EventPage> {
  const limit = integerOption(query.limit, 50, { min: 1, max: 1000, path: "query.limit" });
  const newestFirst = (query.order ?? "newest") === "newest";
  const since = dateOption(query.since, "query.since");
  const until = dateOption(query.until, "query.until");
  const where = new Conditions();

  if (query.platform !== undefined) {
    const platforms = typeof query.platform === "string" ? [query.platform] : [...query.platform];
    where.add(`platform = ANY(${where.bind(platforms)}::text[])`);
  }
  if (query.type !== undefined) {
    const { exact, patterns } = compileTypeGlobs(query.type);
    const alternatives: string[] = [];
    if (exact.length > 0) alternatives.push(`type = ANY(${where.bind(exact)}::text[])`);
    if (patterns.length > 0) {
      alternatives.push(`('.' || type) ~ ANY(${where.bind(patterns)}::text[])`);
    }
    where.add(`(${alternatives.join(" OR ")})`);
  }
  if (since) where.add(`occurred_at >= ${where.bind(since.toISOString())}::timestamptz`);
  if (until) where.add(`occurred_at < ${where.bind(until.toISOString())}::timestamptz`);
  if (query.correlationId !== undefined) {
    where.add(`correlation_id = ${where.bind(query.correlationId)}`);
  }
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor);
    const at = `(timestamptz 'epoch' + ${where.bind(cursor.micros)}::bigint * interval '1 microsecond')`;
    where.add(`(occurred_at, id) ${newestFirst ? "<" : ">"} (${at}, ${where.bind(cursor.id)})`);
  }

  const direction = newestFirst ? "DESC" : "ASC";
  // One row more than the page tells whether another page exists.
  const { rows } = await context.client.query<EventRow & { cursor_micros: string }>(
    `SELECT ${eventColumnsFor(query)},
        (((extract(epoch FROM occurred_at) * 1000000)::numeric)::bigint)::text AS cursor_micros
      FROM ${context.tables.events}
      ${where.toSql()}
      ORDER BY occurred_at ${direction}, id ${direction}
      LIMIT ${where.bind(limit + 1)}`,
    where.params,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(eventFromRow),
    ...(rows.length > limit && last
      ? { nextCursor: encodeCursor({ micros: last.cursor_micros, id: last.id }) }
      : {}),
  };
}
