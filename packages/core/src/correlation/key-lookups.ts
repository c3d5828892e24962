import type { EventStore, KeyLookup, ReadOptions } from "../contracts/event-store";
import type { CorrelatedEvent } from "../models/correlated-event";

/**
 * Runs bounded key lookups on a store: in one `findPerKey` call when the store has it,
 * otherwise with one `findByKeys` per lookup. `findByKeys` only reads newest first and has
 * no `until`, so the fallback reads up to `fallbackLimit` events for an `oldest` lookup or
 * one with `until` and picks from those: the same answer whenever a key has at most
 * `fallbackLimit` events in the range, otherwise the oldest of the newest `fallbackLimit`.
 */
export async function runKeyLookups(
  store: EventStore,
  lookups: readonly KeyLookup[],
  options: ReadOptions,
  fallbackLimit: number,
): Promise<CorrelatedEvent[][]> {
  if (lookups.length === 0) return [];
  if (store.findPerKey) return store.findPerKey(lookups, options);
  return Promise.all(
    lookups.map(async (lookup) => {
      const until = lookup.until?.getTime() ?? Number.POSITIVE_INFINITY;
      const exact = lookup.order === "newest" && until === Number.POSITIVE_INFINITY;
      const found = await store.findByKeys([lookup.key], {
        match: lookup.match,
        ...(lookup.since ? { since: lookup.since } : {}),
        ...(options.payload === undefined ? {} : { payload: options.payload }),
        limit: exact ? lookup.limit : Math.max(lookup.limit, fallbackLimit),
      });
      const inRange = found.filter((event) => event.occurredAt.getTime() < until);
      if (lookup.order === "oldest") inRange.reverse();
      return inRange.slice(0, lookup.limit);
    }),
  );
}
