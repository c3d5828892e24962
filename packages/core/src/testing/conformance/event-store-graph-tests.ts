import { describe, expect, it } from "vitest";
import type { EventStore } from "../../contracts/event-store";
import { NotFoundError } from "../../errors/not-found-error";
import { ValidationError } from "../../errors/validation-error";
import { BASE_TIME, comparable, eventId, idsOf, makeEvent, makeLink } from "./event-store-fixtures";

const at = (minute: number) => new Date(BASE_TIME + minute * 60_000);

async function appendNumbered(store: EventStore, count: number): Promise<void> {
  await store.append(Array.from({ length: count }, (_, index) => makeEvent(index + 1)));
}

/** assignCorrelation, links, lineage and prune. */
export function describeEventStoreGraph(store: () => EventStore): void {
  describe("assignCorrelation", () => {
    it("sets the group of listed events and merges whole groups", async () => {
      await appendNumbered(store(), 5);
      await store().assignCorrelation("group-x", { eventIds: [eventId(1), eventId(2)] });
      await store().assignCorrelation("group-y", { eventIds: [eventId(3)] });
      expect((await store().get(eventId(1)))?.correlationId).toBe("group-x");
      expect((await store().get(eventId(4)))?.correlationId ?? null).toBeNull();

      await store().assignCorrelation("group-z", {
        correlationIds: ["group-x", "group-y"],
        eventIds: [eventId(4), "evt-unknown"],
      });
      const group = await store().query({ correlationId: "group-z", order: "oldest" });
      expect(idsOf(group.events)).toEqual([1, 2, 3, 4].map(eventId));
      expect((await store().query({ correlationId: "group-x" })).events).toEqual([]);
      expect((await store().get(eventId(5)))?.correlationId ?? null).toBeNull();
      // Nothing but the group changes.
      const merged = await store().get(eventId(2));
      expect(comparable(merged)).toEqual(comparable({ ...makeEvent(2), correlationId: "group-z" }));
    });
  });

  describe("link and linksOf", () => {
    it("stores links idempotently and returns them from both ends", async () => {
      await appendNumbered(store(), 3);
      const first = makeLink(1, 2, {
        evidence: [
          { key: "linear:issue:ENG-1", evidence: "closes", field: "body", excerpt: "Fixes ENG-1" },
        ],
        strength: 1,
      });
      // Strengths are doubles: 0.855 must come back exactly, not rounded.
      const second = makeLink(3, 2, { createdAt: at(-1), strength: 0.855 });
      expect(await store().link([first, second])).toEqual({
        inserted: [first.id, second.id],
        existing: [],
      });
      expect(await store().link({ ...first, strength: 0.1 })).toEqual({
        inserted: [],
        existing: [first.id],
      });
      // Ordered by createdAt: the second link was created a minute earlier.
      expect(await store().linksOf(eventId(2))).toEqual([second, first]);
      expect(await store().linksOf(eventId(1))).toEqual([first]);
      expect(await store().linksOf(eventId(3))).toEqual([second]);
      expect(await store().linksOf("evt-unknown")).toEqual([]);
      // The optional batch read answers like linksOf for each id, in the order asked.
      const linksOfMany = store().linksOfMany?.bind(store());
      if (linksOfMany) {
        expect(await linksOfMany([eventId(3), "evt-unknown", eventId(2), eventId(1)])).toEqual([
          [second],
          [],
          [second, first],
          [first],
        ]);
        expect(await linksOfMany([])).toEqual([]);
      }
    });

    it("rejects links to unknown events and invalid links, writing none of the batch", async () => {
      await appendNumbered(store(), 2);
      const valid = makeLink(1, 2);
      await expect(store().link([valid, makeLink(1, 9)])).rejects.toSatisfy((error) =>
        NotFoundError.isInstance(error),
      );
      await expect(store().link([valid, { ...makeLink(2, 1), strength: 2 }])).rejects.toSatisfy(
        (error) => ValidationError.isInstance(error),
      );
      expect(await store().linksOf(eventId(1))).toEqual([]);
    });
  });

  describe("lineage", () => {
    async function chain(): Promise<void> {
      // 1 → 2 ← 3 → 4 ← 5: links point both ways, lineage must follow either direction.
      await appendNumbered(store(), 6);
      await store().link([makeLink(1, 2), makeLink(3, 2), makeLink(3, 4), makeLink(5, 4)]);
    }

    it("walks links both ways with shortest depths, ordered by depth", async () => {
      await chain();
      const graph = await store().lineage(eventId(1), { maxDepth: 10 });
      expect(graph?.root.id).toBe(eventId(1));
      expect(idsOf(graph!.events)).toEqual([1, 2, 3, 4, 5].map(eventId));
      expect(graph!.depths).toEqual({
        [eventId(1)]: 0,
        [eventId(2)]: 1,
        [eventId(3)]: 2,
        [eventId(4)]: 3,
        [eventId(5)]: 4,
      });
      expect(graph!.links.map((link) => link.id).sort()).toEqual(
        [makeLink(1, 2), makeLink(3, 2), makeLink(3, 4), makeLink(5, 4)].map((l) => l.id).sort(),
      );
      expect(graph!.truncated).toBe(false);
    });

    it("stops at maxDepth, reports truncation, and only returns links between reached events", async () => {
      await chain();
      const one = await store().lineage(eventId(3), { maxDepth: 1 });
      expect(idsOf(one!.events)).toEqual([3, 2, 4].map(eventId));
      expect(one!.links.map((link) => link.id).sort()).toEqual(
        [makeLink(3, 2).id, makeLink(3, 4).id].sort(),
      );
      expect(one!.truncated).toBe(true);
      // Exactly deep enough: everything reached, nothing cut off.
      const two = await store().lineage(eventId(3), { maxDepth: 2 });
      expect(idsOf(two!.events).sort()).toEqual([1, 2, 3, 4, 5].map(eventId));
      expect(two!.truncated).toBe(false);
      const zero = await store().lineage(eventId(3), { maxDepth: 0 });
      expect(idsOf(zero!.events)).toEqual([eventId(3)]);
      expect(zero!.links).toEqual([]);
      expect(zero!.truncated).toBe(true);
      await expect(store().lineage(eventId(3), { maxDepth: -1 })).rejects.toSatisfy((error) =>
        ValidationError.isInstance(error),
      );
    });

    it("terminates on cycles and visits each event once", async () => {
      await appendNumbered(store(), 4);
      await store().link([makeLink(1, 2), makeLink(2, 3), makeLink(3, 1), makeLink(3, 4)]);
      const graph = await store().lineage(eventId(1));
      expect(idsOf(graph!.events)).toEqual([1, 2, 3, 4].map(eventId));
      expect(graph!.depths).toEqual({
        [eventId(1)]: 0,
        [eventId(2)]: 1,
        [eventId(3)]: 1,
        [eventId(4)]: 2,
      });
      expect(graph!.links).toHaveLength(4);
      expect(graph!.truncated).toBe(false);
    });

    it("returns the root alone when unlinked, and undefined for an unknown event", async () => {
      await appendNumbered(store(), 2);
      const graph = await store().lineage(eventId(2));
      expect(comparable(graph?.root)).toEqual(comparable(makeEvent(2)));
      expect(graph?.events.map(comparable)).toEqual([comparable(makeEvent(2))]);
      expect(graph?.links).toEqual([]);
      expect(graph?.depths).toEqual({ [eventId(2)]: 0 });
      expect(graph?.truncated).toBe(false);
      expect(await store().lineage("evt-unknown")).toBeUndefined();
    });
  });

  describe("prune", () => {
    it("removes older events, their links, their index entries and older deliveries", async () => {
      await store().append([
        makeEvent(1, { minute: 0, keys: ["test:key:old"] }),
        makeEvent(2, { minute: 5, refs: [{ key: "test:key:old", evidence: "body" }] }),
        makeEvent(3, { minute: 10, keys: ["test:key:new"] }),
        makeEvent(4, { minute: 20, refs: [{ key: "test:key:new", evidence: "body" }] }),
      ]);
      await store().link([makeLink(1, 2), makeLink(2, 3), makeLink(3, 4)]);
      await store().assignCorrelation("group", { eventIds: [1, 2, 3, 4].map(eventId) });
      await store().recordDelivery("github", "old-delivery", at(1));
      await store().recordDelivery("github", "new-delivery", at(10));

      // The cutoff equals event 3's time: strictly older events go, event 3 stays.
      expect(await store().prune(at(10))).toEqual({ events: 2, links: 2, deliveries: 1 });

      expect(await store().get(eventId(1))).toBeUndefined();
      expect(await store().get(eventId(2))).toBeUndefined();
      expect((await store().get(eventId(3)))?.id).toBe(eventId(3));
      expect(await store().findByKeys(["test:key:old"])).toEqual([]);
      expect(idsOf(await store().findByKeys(["test:key:new"]))).toEqual([eventId(4), eventId(3)]);
      expect(idsOf((await store().query()).events)).toEqual([eventId(4), eventId(3)]);
      expect(idsOf((await store().query({ correlationId: "group" })).events)).toEqual([
        eventId(4),
        eventId(3),
      ]);
      expect((await store().linksOf(eventId(3))).map((link) => link.id)).toEqual([
        makeLink(3, 4).id,
      ]);
      const graph = await store().lineage(eventId(4));
      expect(idsOf(graph!.events)).toEqual([eventId(4), eventId(3)]);
      expect(await store().recordDelivery("github", "old-delivery", at(11))).toBe(true);
      expect(await store().recordDelivery("github", "new-delivery")).toBe(false);
      expect(await store().prune(at(10))).toEqual({ events: 0, links: 0, deliveries: 0 });
    });
  });
}
