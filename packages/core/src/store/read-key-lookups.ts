import type { KeyLookup } from "../contracts/event-store";
import { ValidationError } from "../errors/validation-error";
import type { KeyIndex } from "./key-index";
import { MAX_QUERY_LIMIT, readIntegerOption } from "./store-input";
import { comparePosition, type StoredEvent } from "./stored-event-list";

const MATCHES: ReadonlySet<string> = new Set(["keys", "refs", "any"]);
const ORDERS: ReadonlySet<string> = new Set(["newest", "oldest"]);

/**
 * Checks the lookups of `EventStore.findPerKey` so every store rejects the same input with
 * the same message. Throws `ValidationError`.
 */
export function validateKeyLookups(lookups: readonly KeyLookup[]): void {
  lookups.forEach((lookup, index) => {
    const problem =
      typeof lookup?.key !== "string" || lookup.key.length === 0
        ? "key must be a non-empty string"
        : !MATCHES.has(lookup.match)
          ? 'match must be "keys", "refs" or "any"'
          : !ORDERS.has(lookup.order)
            ? 'order must be "newest" or "oldest"'
            : undefined;
    if (problem) {
      throw new ValidationError({
        message: `Invalid key lookup at index ${index}: ${problem}.`,
        issues: [{ path: `lookups.${index}`, message: problem }],
      });
    }
    readIntegerOption(`lookups[${index}].limit`, lookup.limit, {
      min: 1,
      max: MAX_QUERY_LIMIT,
      default: 1,
    });
  });
}

/**
 * Answers `findPerKey` from the two key indexes of a memory store: each lookup reads only
 * its key's time range and walks it from the requested end, so the cost is the limit, not
 * the number of events sharing the key.
 */
export function readKeyLookups(
  indexes: { keys: KeyIndex; refs: KeyIndex },
  lookups: readonly KeyLookup[],
): StoredEvent[][] {
  validateKeyLookups(lookups);
  return lookups.map((lookup) => {
    const since = lookup.since?.getTime() ?? Number.NEGATIVE_INFINITY;
    const until = lookup.until?.getTime() ?? Number.POSITIVE_INFINITY;
    const sides: Side[] = [];
    if (lookup.match !== "refs") sides.push(sideOf(indexes.keys, lookup, since, until));
    if (lookup.match !== "keys") sides.push(sideOf(indexes.refs, lookup, since, until));
    return walk(sides, lookup.order === "newest", lookup.limit);
  });
}

/** One key index's range for a lookup, with a cursor moving inward from one end. */
interface Side {
  items: readonly StoredEvent[];
  start: number;
  end: number;
}

function sideOf(index: KeyIndex, lookup: KeyLookup, since: number, until: number): Side {
  const [start, end] = index.range(lookup.key, since, until);
  return { items: index.list(lookup.key), start, end };
}

/**
 * Takes up to `limit` records from the sides, newest or oldest first, merging them in
 * order; a record on both sides (an event that is and mentions a key) is taken once.
 */
function walk(sides: Side[], newest: boolean, limit: number): StoredEvent[] {
  const taken: StoredEvent[] = [];
  while (taken.length < limit) {
    let best: Side | undefined;
    let bestRecord: StoredEvent | undefined;
    for (const side of sides) {
      if (side.start >= side.end) continue;
      const record = side.items[newest ? side.end - 1 : side.start]!;
      const order = bestRecord
        ? comparePosition(record.time, record.id, bestRecord.time, bestRecord.id)
        : 0;
      if (!bestRecord || (newest ? order > 0 : order < 0)) {
        best = side;
        bestRecord = record;
      } else if (order === 0) {
        advance(side, newest); // the same event on the other side: skip its copy
      }
    }
    if (!best || !bestRecord) break;
    advance(best, newest);
    taken.push(bestRecord);
  }
  return taken;
}

function advance(side: Side, newest: boolean): void {
  if (newest) side.end -= 1;
  else side.start += 1;
}
