import { describe, expect, it } from "vitest";
import type { EventQuery, EventStore } from "../../contracts/event-store";
import { ValidationError } from "../../errors/validation-error";
import type { CorrelatedEvent } from "../../models/correlated-event";
import { BASE_TIME, eventId, idsOf, makeEvent } from "./event-store-fixtures";

const isValidationError = (error: unknown) => ValidationError.isInstance(error);

/** Sorts like the contract says: occurredAt, then id by code unit. */
function sortOldest(events: readonly CorrelatedEvent[]): CorrelatedEvent[] {
  return [...events].sort(
    (a, b) =>
      a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** A mixed set: three platforms, several types, and shared timestamps to test ties. */
function mixedEvents(): CorrelatedEvent[] {
  const spec: [number, string, string, number][] = [
    [1, "github", "github.pull_request.opened", 0],
    [2, "slack", "slack.message.sent", 5],
    [3, "linear", "linear.issue.created", 5],
    [4, "github", "github.pull_request.merged", 5],
    [5, "github", "github.check_run.completed", 10],
    [6, "linear", "linear.issue.updated", 20],
    [7, "slack", "slack.message.sent", 20],
    [8, "github", "github.push", 30],
  ];
  return spec.map(([n, platform, type, minute]) => makeEvent(n, { platform, type, minute }));
}

/** Reads every page of a query. */
async function readAllPages(store: EventStore, query: EventQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query({ ...query, cursor });
    pages.push(idsOf(page.events));
    cursor = page.nextCursor;
    if (pages.length > 100) throw new Error("pagination does not end");
  } while (cursor);
  return pages;
}

/** query and findByKeys. */
export function describeEventStoreQueries(store: () => EventStore): void {
  describe("query", () => {
    it("lists newest first by default, ties by id, and oldest first on request", async () => {
      const events = mixedEvents();
      // Appended out of order: the store must sort, not keep insertion order.
      await store().append([...events].reverse());
      const oldest = idsOf(sortOldest(events));
      expect(oldest).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(eventId));
      expect(idsOf((await store().query()).events)).toEqual([...oldest].reverse());
      expect(idsOf((await store().query({ order: "oldest" })).events)).toEqual(oldest);
    });

    it("filters by platform, type glob, time range and correlation id", async () => {
      const events = mixedEvents();
      await store().append(events);
      const ids = async (query: EventQuery) =>
        idsOf((await store().query({ ...query, order: "oldest" })).events);
      expect(await ids({ platform: "slack" })).toEqual([eventId(2), eventId(7)]);
      expect(await ids({ platform: ["linear", "slack"] })).toEqual([2, 3, 6, 7].map(eventId));
      expect(await ids({ type: "github.pull_request.*" })).toEqual([eventId(1), eventId(4)]);
      expect(await ids({ type: ["linear.**", "github.push"] })).toEqual([3, 6, 8].map(eventId));
      // since is inclusive, until exclusive.
      expect(
        await ids({
          since: new Date(BASE_TIME + 5 * 60_000),
          until: new Date(BASE_TIME + 20 * 60_000),
        }),
      ).toEqual([2, 3, 4, 5].map(eventId));
      expect(await ids({ platform: "github", since: new Date(BASE_TIME + 5 * 60_000) })).toEqual(
        [4, 5, 8].map(eventId),
      );
      await store().assignCorrelation("group-a", { eventIds: [eventId(2), eventId(8)] });
      expect(await ids({ correlationId: "group-a" })).toEqual([eventId(2), eventId(8)]);
      expect(await ids({ correlationId: "group-a", platform: "github" })).toEqual([eventId(8)]);
      expect(await ids({ correlationId: "group-unknown" })).toEqual([]);
    });

    it("paginates without duplicates or gaps in both orders, with ties and filters", async () => {
      // 23 events, three per minute, so page boundaries fall inside runs of equal timestamps.
      const events = Array.from({ length: 23 }, (_, index) =>
        makeEvent(index + 1, {
          minute: Math.floor(index / 3),
          platform: index % 4 === 0 ? "slack" : "github",
        }),
      );
      await store().append([...events].reverse());
      const oldest = idsOf(sortOldest(events));
      for (const order of ["oldest", "newest"] as const) {
        const expected = order === "oldest" ? oldest : [...oldest].reverse();
        const pages = await readAllPages(store(), { order, limit: 4 });
        expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 3]);
        expect(pages.flat()).toEqual(expected);
        const githubOnly = expected.filter(
          (id) => events.find((e) => e.id === id)!.platform === "github",
        );
        const filtered = await readAllPages(store(), { order, limit: 5, platform: "github" });
        expect(filtered.flat()).toEqual(githubOnly);
      }
    });

    it("ends with no cursor when the last page is exactly full", async () => {
      await store().append(Array.from({ length: 8 }, (_, index) => makeEvent(index + 1)));
      const first = await store().query({ limit: 4 });
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await store().query({ limit: 4, cursor: first.nextCursor });
      expect(idsOf(second.events)).toEqual([4, 3, 2, 1].map(eventId));
      expect(second.nextCursor).toBeUndefined();
    });

    it("keeps paging correctly when newer events arrive between pages", async () => {
      await store().append(Array.from({ length: 6 }, (_, index) => makeEvent(index + 1)));
      const first = await store().query({ limit: 3 });
      await store().append(makeEvent(50, { minute: 100 }));
      const second = await store().query({ limit: 3, cursor: first.nextCursor });
      expect([...idsOf(first.events), ...idsOf(second.events)]).toEqual(
        [6, 5, 4, 3, 2, 1].map(eventId),
      );
    });

    it("defaults to 50 per page and rejects bad limits, cursors and type globs", async () => {
      await store().append(Array.from({ length: 60 }, (_, index) => makeEvent(index + 1)));
      const page = await store().query();
      expect(page.events).toHaveLength(50);
      expect(page.nextCursor).toEqual(expect.any(String));
      expect((await store().query({ limit: 1000 })).events).toHaveLength(60);
      for (const limit of [0, 1001, 2.5, -1]) {
        await expect(store().query({ limit })).rejects.toSatisfy(isValidationError);
      }
      await expect(store().query({ cursor: "not-a-cursor" })).rejects.toSatisfy(isValidationError);
      await expect(store().query({ type: "github.(pull" })).rejects.toSatisfy(isValidationError);
    });
  });

  describe("findByKeys", () => {
    it("matches keys, refs or either, each event once, newest first", async () => {
      await store().append([
        makeEvent(1, { keys: ["linear:issue:ENG-1"] }),
        makeEvent(2, { refs: [{ key: "linear:issue:ENG-1", evidence: "closes" }] }),
        makeEvent(3, {
          keys: ["github:pr:acme/api#1"],
          refs: [
            { key: "linear:issue:ENG-1", evidence: "title" },
            { key: "linear:issue:ENG-2", evidence: "body" },
          ],
        }),
        makeEvent(4, { keys: ["linear:issue:ENG-2", "linear:issue:ENG-1"] }),
        makeEvent(5, { keys: ["slack:thread:C1:1.000001"] }),
      ]);
      const find = async (keys: string[], match?: "keys" | "refs" | "any") =>
        idsOf(await store().findByKeys(keys, match ? { match } : {}));
      expect(await find(["linear:issue:ENG-1"], "keys")).toEqual([eventId(4), eventId(1)]);
      expect(await find(["linear:issue:ENG-1"], "refs")).toEqual([eventId(3), eventId(2)]);
      expect(await find(["linear:issue:ENG-1"])).toEqual([4, 3, 2, 1].map(eventId));
      expect(await find(["linear:issue:ENG-1", "linear:issue:ENG-2"], "any")).toEqual(
        [4, 3, 2, 1].map(eventId),
      );
      expect(await find(["linear:issue:ENG-2"], "refs")).toEqual([eventId(3)]);
      expect(await find(["linear:issue:ENG-404"])).toEqual([]);
      expect(await find([])).toEqual([]);
    });

    it("honours since and keeps the newest when limited", async () => {
      await store().append(
        Array.from({ length: 6 }, (_, index) =>
          makeEvent(index + 1, { keys: ["test:key:shared"] }),
        ),
      );
      const since = new Date(BASE_TIME + 3 * 60_000);
      expect(idsOf(await store().findByKeys(["test:key:shared"], { since }))).toEqual(
        [6, 5, 4, 3].map(eventId),
      );
      expect(idsOf(await store().findByKeys(["test:key:shared"], { limit: 2 }))).toEqual([
        eventId(6),
        eventId(5),
      ]);
    });
  });

  describe("reads without payloads (payload: false)", () => {
    it("return every other field as a full read does, the payload empty or whole", async () => {
      const payload = { pull_request: { title: "Fix login", labels: ["bug"] } };
      await store().append([
        makeEvent(1, { keys: ["test:key:a"], payload }),
        makeEvent(2, {
          refs: [{ key: "test:key:a", evidence: "body", field: "body" }],
          payload: { text: "see a" },
        }),
      ]);
      const withoutPayload = (event: CorrelatedEvent | undefined) => {
        const { payload: _payload, ...rest } = event!;
        return rest;
      };
      const pairs: [CorrelatedEvent | undefined, CorrelatedEvent | undefined][] = [
        [await store().get(eventId(1)), await store().get(eventId(1), { payload: false })],
      ];
      const full = await store().findByKeys(["test:key:a"]);
      const lean = await store().findByKeys(["test:key:a"], { payload: false });
      const fullPage = (await store().query({ order: "oldest" })).events;
      const leanPage = (await store().query({ order: "oldest", payload: false })).events;
      expect(idsOf(lean)).toEqual(idsOf(full));
      expect(idsOf(leanPage)).toEqual(idsOf(fullPage));
      for (const [index, event] of full.entries()) pairs.push([event, lean[index]]);
      for (const [index, event] of fullPage.entries()) pairs.push([event, leanPage[index]]);
      for (const [whole, partial] of pairs) {
        expect(withoutPayload(partial)).toEqual(withoutPayload(whole));
        expect([{}, whole!.payload]).toContainEqual(partial!.payload);
      }
      expect((await store().get(eventId(1)))?.payload).toEqual(payload);
    });
  });
}
