import { describe, expect, it } from "vitest";
import type { EventStore, KeyLookup } from "../../contracts/event-store";
import { ValidationError } from "../../errors/validation-error";
import type { CorrelatedEvent } from "../../models/correlated-event";
import { BASE_TIME, idsOf, makeEvent } from "./event-store-fixtures";

const HOT = "test:key:hot";

/**
 * A hot key: events 1–30 *are* it, events 31–60 *mention* it; event 61 both is and
 * mentions it; events 62–63 are unrelated. Minutes are shuffled against ids (and two
 * events share a minute) so a store must sort by time, then id, not by insertion.
 */
function hotKeyEvents(): CorrelatedEvent[] {
  const events: CorrelatedEvent[] = [];
  for (let n = 1; n <= 63; n += 1) {
    const minute = n === 2 ? 10 : (n * 37) % 101; // event 2 shares event 3's minute
    const keys = n <= 30 || n === 61 ? [HOT] : [`test:key:own-${n}`];
    const refs = n > 30 && n <= 61 ? [{ key: HOT, evidence: "body" as const }] : [];
    events.push(makeEvent(n, n > 61 ? { minute } : { minute, keys, refs }));
  }
  return events;
}

/** What a lookup must return, computed from the events themselves. */
function expected(
  events: readonly CorrelatedEvent[],
  lookup: KeyLookup,
  window: { since?: number; until?: number } = {},
): string[] {
  const matches = events.filter((event) => {
    const time = event.occurredAt.getTime();
    if (window.since !== undefined && time < window.since) return false;
    if (window.until !== undefined && time >= window.until) return false;
    const isKey = event.keys.includes(lookup.key);
    const isRef = event.refs.some((ref) => ref.key === lookup.key);
    return lookup.match === "keys" ? isKey : lookup.match === "refs" ? isRef : isKey || isRef;
  });
  matches.sort(
    (a, b) =>
      a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  if (lookup.order === "newest") matches.reverse();
  return idsOf(matches.slice(0, lookup.limit));
}

/**
 * `findPerKey`, the optional bounded key lookups. Skipped for a store that does not
 * implement it (the correlation engine then falls back to `findByKeys`).
 */
export function describeEventStoreKeyLookups(store: () => EventStore): void {
  describe("findPerKey (optional)", () => {
    const lookups = (): NonNullable<EventStore["findPerKey"]> => {
      const current = store();
      if (!current.findPerKey) throw new Error("unreachable: skipped without findPerKey");
      return current.findPerKey.bind(current);
    };
    const skip = () => store().findPerKey === undefined;

    it("answers each lookup with the oldest or newest events of its key and side", async (context) => {
      if (skip()) context.skip();
      const events = hotKeyEvents();
      await store().append([...events].reverse());
      const asked: KeyLookup[] = [
        { key: HOT, match: "keys", order: "oldest", limit: 2 },
        { key: HOT, match: "keys", order: "newest", limit: 3 },
        { key: HOT, match: "refs", order: "newest", limit: 4 },
        { key: HOT, match: "any", order: "newest", limit: 8 },
        { key: HOT, match: "any", order: "oldest", limit: 1000 },
        { key: "test:key:own-40", match: "keys", order: "newest", limit: 5 },
        { key: "test:key:nobody", match: "any", order: "oldest", limit: 5 },
      ];
      const answers = await lookups()(asked);
      expect(answers.map(idsOf)).toEqual(asked.map((lookup) => expected(events, lookup)));
      // Event 61 is and mentions the key: listed once.
      expect(answers[4]).toHaveLength(31 + 30);
      expect(answers[5]).toHaveLength(1);
      expect(answers[6]).toEqual([]);
    });

    it("keeps to each lookup's since (inclusive) and until (exclusive), and leaves payloads out on request", async (context) => {
      if (skip()) context.skip();
      const events = hotKeyEvents().map((event) => ({ ...event, payload: { n: event.id } }));
      await store().append(events);
      // Events 2 and 3 occur at minute 10 (kept), event 4 at minute 47 (left out).
      const since = BASE_TIME + 10 * 60_000;
      const until = BASE_TIME + 47 * 60_000;
      const window = { since: new Date(since), until: new Date(until) };
      const asked: KeyLookup[] = [
        { key: HOT, match: "any", order: "oldest", limit: 6, ...window },
        { key: HOT, match: "keys", order: "newest", limit: 6, ...window },
        { key: HOT, match: "refs", order: "oldest", limit: 3, since: window.since },
        { key: HOT, match: "keys", order: "newest", limit: 2, until: window.until },
      ];
      const answers = await lookups()(asked, { payload: false });
      expect(answers.map(idsOf)).toEqual(
        asked.map((lookup) =>
          expected(events, lookup, {
            since: lookup.since?.getTime(),
            until: lookup.until?.getTime(),
          }),
        ),
      );
      expect(answers.flat().every((event) => Object.keys(event.payload).length === 0)).toBe(true);
      const [whole] = await lookups()([{ key: HOT, match: "keys", order: "oldest", limit: 1 }]);
      expect(whole![0]!.payload).toEqual({ n: whole![0]!.id });
    });

    it("returns events with their current group, and forgets pruned ones", async (context) => {
      if (skip()) context.skip();
      const events = hotKeyEvents();
      await store().append(events);
      const oldest = async () =>
        (await lookups()([{ key: HOT, match: "keys", order: "oldest", limit: 2 }]))[0]!;
      const before = await oldest();
      await store().assignCorrelation("group-hot", { eventIds: idsOf(before) });
      const grouped = await oldest();
      expect(idsOf(grouped)).toEqual(idsOf(before));
      expect(grouped.map((event) => event.correlationId)).toEqual(["group-hot", "group-hot"]);
      const cutoff = before[1]!.occurredAt.getTime() + 1;
      await store().prune(new Date(cutoff));
      expect(idsOf(await oldest())).toEqual(
        expected(events, { key: HOT, match: "keys", order: "oldest", limit: 2 }, { since: cutoff }),
      );
    });

    it("rejects a bad lookup with ValidationError", async (context) => {
      if (skip()) context.skip();
      for (const bad of [
        { key: HOT, match: "keys", order: "newest", limit: 0 },
        { key: HOT, match: "keys", order: "newest", limit: 1001 },
        { key: HOT, match: "keys", order: "sideways", limit: 1 },
        { key: HOT, match: "all", order: "newest", limit: 1 },
        { key: "", match: "keys", order: "newest", limit: 1 },
      ]) {
        await expect(lookups()([bad as KeyLookup])).rejects.toSatisfy((error) =>
          ValidationError.isInstance(error),
        );
      }
    });
  });
}
