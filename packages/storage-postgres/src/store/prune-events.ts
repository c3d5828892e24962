import type { PruneResult } from "@contexten/core";
import { retryOnConflict } from "./sql-errors";
import type { StoreContext } from "./store-context";

/** Rows removed per prune transaction unless the store is configured otherwise. */
export const DEFAULT_PRUNE_BATCH_SIZE = 1000;

/**
 * Removes events that occurred before `before` with their links and key rows, then
 * delivery records received before it. Work is split into transactions of at most
 * `batchSize` events (or deliveries) so a large backlog never holds locks for long or
 * bloats one transaction; each batch removes an event together with everything that
 * points at it, so no batch leaves a dangling link. Events locked by a concurrent writer
 * are skipped and go in the next prune.
 */
export async function pruneEvents(
  context: StoreContext,
  before: Date,
  batchSize: number,
): Promise<PruneResult> {
  const { events, links, deliveries } = context.tables;
  const cutoff = before.toISOString();
  const result: PruneResult = { events: 0, links: 0, deliveries: 0 };

  for (;;) {
    const batch = await retryOnConflict(() =>
      context.client.transaction(async (executor) => {
        const doomed = await executor.query<{ id: string }>(
          `SELECT id FROM ${events} WHERE occurred_at < $1::timestamptz
            ORDER BY occurred_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [cutoff, batchSize],
        );
        const ids = doomed.rows.map((row) => row.id);
        if (ids.length === 0) return { events: 0, links: 0 };
        const removedLinks = await executor.query(
          `DELETE FROM ${links}
            WHERE source_event_id = ANY($1::text[]) OR target_event_id = ANY($1::text[])`,
          [ids],
        );
        // event_keys rows go by ON DELETE CASCADE.
        const removedEvents = await executor.query(
          `DELETE FROM ${events} WHERE id = ANY($1::text[])`,
          [ids],
        );
        return { events: removedEvents.rowCount, links: removedLinks.rowCount };
      }),
    );
    result.events += batch.events;
    result.links += batch.links;
    if (batch.events < batchSize) break;
  }

  for (;;) {
    const removed = await context.client.query(
      `DELETE FROM ${deliveries} WHERE (platform, delivery_id) IN (
        SELECT platform, delivery_id FROM ${deliveries}
        WHERE received_at < $1::timestamptz LIMIT $2
      )`,
      [cutoff, batchSize],
    );
    result.deliveries += removed.rowCount;
    if (removed.rowCount < batchSize) break;
  }
  return result;
}
