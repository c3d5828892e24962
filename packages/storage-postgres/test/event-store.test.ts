import { NotFoundError, ValidationError } from "@contexten/core";
import { parseFrozenJson, sealEvent } from "@contexten/core/adapter";
import { describe, expect, it } from "vitest";
import { incompressibleText, makeEvent, makeLink } from "./support/events";
import { useBackends } from "./support/store-fixture";

const backends = useBackends();

describe.each(backends)("PostgresStore events on $name", (backend) => {
  describe("append", () => {
    it("stores events exactly once and reports inserted versus existing", async () => {
      const { store, schema, raw } = await backend.create();
      const events = [makeEvent(1), makeEvent(2)];
      expect(await store.append(events)).toEqual({
        inserted: ["evt-000001", "evt-000002"],
        existing: [],
      });
      expect(await store.append([makeEvent(2), makeEvent(3)])).toEqual({
        inserted: ["evt-000003"],
        existing: ["evt-000002"],
      });
      expect(await store.get("evt-000001")).toEqual(events[0]);
      const rows = await raw<{ id: string; keys: number }>(
        `SELECT e.id, (SELECT count(*)::int FROM "${schema}".event_keys k WHERE k.event_id = e.id) AS keys
          FROM "${schema}".events e ORDER BY e.id`,
      );
      expect(rows).toEqual([
        { id: "evt-000001", keys: 2 },
        { id: "evt-000002", keys: 2 },
        { id: "evt-000003", keys: 2 },
      ]);
    });

    it("stores a parsed webhook body as received and leaves payloads out when asked", async () => {
      const { store, schema, raw } = await backend.create();
      const text = '{"action":"opened","pull_request":{"number":7,"title":"Fix login"}}';
      const payload = parseFrozenJson(text) as Record<string, unknown>;
      await store.append(sealEvent({ ...makeEvent(1), payload }));
      expect((await store.get("evt-000001"))?.payload).toEqual(JSON.parse(text));
      const [row] = await raw<{ title: string }>(
        `SELECT payload #>> '{pull_request,title}' AS title FROM "${schema}".events`,
      );
      expect(row?.title).toBe("Fix login");
      const key = makeEvent(1).keys[0]!;
      expect((await store.get("evt-000001", { payload: false }))?.payload).toEqual({});
      expect((await store.findByKeys([key], { payload: false }))[0]?.payload).toEqual({});
      expect((await store.query({ payload: false })).events[0]?.payload).toEqual({});
      expect((await store.findByKeys([key]))[0]?.payload).toEqual(JSON.parse(text));
    });

    it("never overwrites an existing event", async () => {
      const { store } = await backend.create();
      await store.append(makeEvent(1));
      await store.append(makeEvent(1, { type: "github.pull_request.closed" }));
      expect((await store.get("evt-000001"))?.type).toBe("github.pull_request.opened");
    });

    it("keeps the first copy of an id repeated inside one batch", async () => {
      const { store } = await backend.create();
      const result = await store.append([
        makeEvent(1),
        makeEvent(1, { type: "github.pull_request.closed" }),
      ]);
      expect(result).toEqual({ inserted: ["evt-000001"], existing: ["evt-000001"] });
      expect((await store.get("evt-000001"))?.type).toBe("github.pull_request.opened");
    });

    it("appends batches larger than one statement in one go", async () => {
      const { store, schema, raw } = await backend.create();
      const events = Array.from({ length: 2500 }, (_, index) => makeEvent(index));
      const result = await store.append(events);
      expect(result.inserted).toHaveLength(2500);
      const [count] = await raw<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".events`);
      expect(count?.n).toBe(2500);
    });

    it("round-trips optional ids, unicode and nested payloads", async () => {
      const { store } = await backend.create();
      const event = makeEvent(7, {
        deliveryId: null,
        correlationId: "group-1",
        parentEventId: "evt-000001",
        workflowId: "wf-1",
        subject: { kind: "message", id: "C1/1.2", title: "héllo ✓ \"quoted\" 'single'" },
        payload: { text: "emoji 🎉 and \\ backslash", deep: { a: [{ b: 1.5 }], empty: {} } },
      });
      await store.append(event);
      const { deliveryId: _omitted, ...expected } = event;
      expect(await store.get(event.id)).toEqual(expected);
    });

    it("rejects an invalid event with a ValidationError and writes nothing", async () => {
      const { store, schema, raw } = await backend.create();
      const invalid = { ...makeEvent(2), platform: "Not A Platform" };
      const error = await store.append([makeEvent(1), invalid]).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).message).toContain("event at index 1");
      expect(await raw(`SELECT id FROM "${schema}".events`)).toEqual([]);
    });

    it("stores a NUL character as U+FFFD, with a note, instead of refusing the event", async () => {
      const { store, schema, raw } = await backend.create();
      await store.append([makeEvent(1), makeEvent(2, { payload: { text: "a\u0000b" } })]);
      const rows = await raw<{ id: string; text: string; notes: string[] | null }>(
        `SELECT id, payload->>'text' AS text, notes FROM "${schema}".events ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: "evt-000001", text: null, notes: null },
        {
          id: "evt-000002",
          text: "a\uFFFDb",
          notes: ["payload: 1 NUL character replaced with U+FFFD"],
        },
      ]);
    });

    it("turns data PostgreSQL refuses for good into a ValidationError, writing nothing", async () => {
      const { store, schema, raw } = await backend.create();
      // A group id too large for its index: nothing contexten repairs, so the database
      // refuses it (SQLSTATE 54000) and retrying would fail the same way.
      const oversized = makeEvent(2, { correlationId: incompressibleText(4000) });
      const error = await store.append([makeEvent(1), oversized]).catch((caught) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).message).toMatch(
        /^PostgreSQL refused the data of append \(SQLSTATE 54000/,
      );
      expect((error as ValidationError).cause).toMatchObject({ code: "54000" });
      expect(await raw(`SELECT id FROM "${schema}".events`)).toEqual([]);
    });
  });

  describe("recordDelivery", () => {
    it("is true the first time for a (platform, deliveryId) pair only", async () => {
      const { store } = await backend.create();
      expect(await store.recordDelivery("github", "d-1")).toBe(true);
      expect(await store.recordDelivery("github", "d-1")).toBe(false);
      expect(await store.recordDelivery("slack", "d-1")).toBe(true);
    });

    it("is true for exactly one of many concurrent callers", async () => {
      const { store } = await backend.create();
      const results = await Promise.all(
        Array.from({ length: 25 }, () => store.recordDelivery("linear", "same")),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("rejects an empty delivery id", async () => {
      const { store } = await backend.create();
      await expect(store.recordDelivery("github", "")).rejects.toSatisfy(
        ValidationError.isInstance,
      );
    });
  });

  describe("findByKeys", () => {
    it("finds events by the keys they are, the keys they mention, or either, newest first", async () => {
      const { store } = await backend.create();
      await store.append([
        makeEvent(1, { keys: ["linear:issue:ENG-1"], refs: [] }),
        makeEvent(2),
        makeEvent(3, { keys: ["github:pr:acme/api#3"], refs: [] }),
      ]);
      const ids = async (keys: string[], match?: "keys" | "refs" | "any") =>
        (await store.findByKeys(keys, match ? { match } : {})).map((event) => event.id);
      expect(await ids(["linear:issue:ENG-1"], "keys")).toEqual(["evt-000001"]);
      expect(await ids(["linear:issue:ENG-1"], "refs")).toEqual(["evt-000002"]);
      expect(await ids(["linear:issue:ENG-1"])).toEqual(["evt-000002", "evt-000001"]);
      expect(await ids(["linear:issue:ENG-1", "github:pr:acme/api#3"])).toEqual([
        "evt-000003",
        "evt-000002",
        "evt-000001",
      ]);
      expect(await ids(["linear:issue:NOPE-9"])).toEqual([]);
      expect(await ids([])).toEqual([]);
    });

    it("honours since and limit", async () => {
      const { store } = await backend.create();
      await store.append([1, 2, 3, 4].map((index) => makeEvent(index)));
      const since = makeEvent(2).occurredAt;
      const found = await store.findByKeys(["linear:issue:ENG-1"], { since, limit: 2 });
      expect(found.map((event) => event.id)).toEqual(["evt-000004", "evt-000003"]);
    });
  });

  describe("query", () => {
    it("pages through every event in both orders without gaps or repeats", async () => {
      const { store } = await backend.create();
      // Pairs of events share an instant, so the id must break ties.
      const events = Array.from({ length: 11 }, (_, index) =>
        makeEvent(index, { occurredAt: makeEvent(Math.floor(index / 2)).occurredAt }),
      );
      await store.append(events);
      for (const order of ["newest", "oldest"] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.query({ order, limit: 3, ...(cursor ? { cursor } : {}) });
          seen.push(...page.events.map((event) => event.id));
          cursor = page.nextCursor;
        } while (cursor);
        const ascending = events.map((event) => event.id);
        expect(seen).toEqual(order === "oldest" ? ascending : [...ascending].reverse());
      }
    });

    it("breaks ties in occurredAt by binary id order, whatever the database collation", async () => {
      const { store } = await backend.create();
      const at = makeEvent(0).occurredAt;
      const ids = ["tie-b", "tie-B", "tie-_", "tie-a", "tie-Ä", "tie-1"];
      await store.append(ids.map((id, index) => makeEvent(index, { id, occurredAt: at })));
      const binary = [...ids].sort();
      const oldest = await store.query({ order: "oldest" });
      expect(oldest.events.map((event) => event.id)).toEqual(binary);
      const newest = await store.findByKeys(["linear:issue:ENG-1"]);
      expect(newest.map((event) => event.id)).toEqual([...binary].reverse());
    });

    it("filters by platform, type glob, time range and correlation id", async () => {
      const { store } = await backend.create();
      await store.append([
        makeEvent(1, { type: "github.pull_request.opened" }),
        makeEvent(2, { type: "github.check_run.completed", correlationId: "g-1" }),
        makeEvent(3, { type: "linear.issue.created", platform: "linear", correlationId: "g-1" }),
        makeEvent(4, { type: "slack.message.posted", platform: "slack" }),
      ]);
      const ids = async (query: Parameters<typeof store.query>[0]) =>
        (await store.query({ order: "oldest", ...query })).events.map((event) =>
          event.id.slice(-1),
        );
      expect(await ids({ platform: "github" })).toEqual(["1", "2"]);
      expect(await ids({ platform: ["linear", "slack"] })).toEqual(["3", "4"]);
      expect(await ids({ type: "github.pull_request.*" })).toEqual(["1"]);
      expect(await ids({ type: "github.**" })).toEqual(["1", "2"]);
      expect(await ids({ type: "**.created" })).toEqual(["3"]);
      expect(await ids({ type: "*.*.posted" })).toEqual(["4"]);
      expect(await ids({ type: ["linear.issue.created", "slack.*"] })).toEqual(["3"]);
      expect(await ids({ type: ["linear.issue.created", "slack.**"] })).toEqual(["3", "4"]);
      expect(await ids({ type: "github.pull_request" })).toEqual([]);
      expect(await ids({ since: makeEvent(2).occurredAt, until: makeEvent(4).occurredAt })).toEqual(
        ["2", "3"],
      );
      expect(await ids({ correlationId: "g-1", platform: "linear" })).toEqual(["3"]);
    });

    it("rejects bad cursors, limits and globs with a ValidationError", async () => {
      const { store } = await backend.create();
      for (const query of [
        { cursor: "not-a-cursor" },
        { cursor: Buffer.from('["x","y"]').toString("base64url") },
        { limit: 0 },
        { limit: 1001 },
        { type: "github.pull_request.%" },
        { type: "github..opened" },
      ]) {
        await expect(store.query(query)).rejects.toSatisfy(ValidationError.isInstance);
      }
    });
  });

  describe("assignCorrelation", () => {
    it("sets the id on given events and merges whole groups", async () => {
      const { store } = await backend.create();
      await store.append([
        makeEvent(1),
        makeEvent(2, { correlationId: "old-a" }),
        makeEvent(3, { correlationId: "old-a" }),
        makeEvent(4, { correlationId: "old-b" }),
      ]);
      await store.assignCorrelation("new", { eventIds: ["evt-000001"], correlationIds: ["old-a"] });
      const page = await store.query({ order: "oldest" });
      expect(page.events.map((event) => event.correlationId)).toEqual([
        "new",
        "new",
        "new",
        "old-b",
      ]);
    });
  });

  describe("link and linksOf", () => {
    it("stores links once and lists them from either end", async () => {
      const { store } = await backend.create();
      await store.append([makeEvent(1), makeEvent(2), makeEvent(3)]);
      const first = makeLink("evt-000001", "evt-000002");
      const second = makeLink("evt-000003", "evt-000001", { strength: 0.3 });
      expect(await store.link([first, second])).toEqual({
        inserted: [first.id, second.id],
        existing: [],
      });
      expect(await store.link(first)).toEqual({ inserted: [], existing: [first.id] });
      const links = await store.linksOf("evt-000001");
      expect(links).toHaveLength(2);
      expect(links).toEqual(expect.arrayContaining([first, second]));
      expect(await store.linksOf("evt-000002")).toEqual([first]);
    });

    it("rejects a batch linking an unknown event with NotFoundError and stores none of it", async () => {
      const { store, schema, raw } = await backend.create();
      await store.append([makeEvent(1), makeEvent(2)]);
      const error = await store
        .link([makeLink("evt-000001", "evt-000002"), makeLink("evt-000002", "ghost")])
        .catch((caught: unknown) => caught);
      expect(NotFoundError.isInstance(error)).toBe(true);
      expect((error as NotFoundError).message).toContain('"ghost"');
      expect(await raw(`SELECT id FROM "${schema}".event_correlations`)).toEqual([]);
    });
  });

  describe("lineage", () => {
    it("walks a chain up to maxDepth and says when it was truncated", async () => {
      const { store } = await backend.create();
      const events = Array.from({ length: 13 }, (_, index) => makeEvent(index));
      await store.append(events);
      await store.link(
        events.slice(1).map((event, index) => makeLink(events[index]!.id, event.id)),
      );
      const bounded = await store.lineage("evt-000000");
      expect(bounded?.events).toHaveLength(11);
      expect(bounded?.truncated).toBe(true);
      expect(bounded?.depths["evt-000010"]).toBe(10);
      expect(bounded?.links).toHaveLength(10);
      const full = await store.lineage("evt-000006", { maxDepth: 20 });
      expect(full?.events).toHaveLength(13);
      expect(full?.truncated).toBe(false);
      expect(full?.root.id).toBe("evt-000006");
      expect(full?.depths).toMatchObject({ "evt-000006": 0, "evt-000000": 6, "evt-000012": 6 });
      const exact = await store.lineage("evt-000000", { maxDepth: 12 });
      expect(exact?.truncated).toBe(false);
      const rootOnly = await store.lineage("evt-000000", { maxDepth: 0 });
      expect(rootOnly?.events.map((event) => event.id)).toEqual(["evt-000000"]);
      expect(rootOnly?.truncated).toBe(true);
    });

    it("visits each event once on cycles and records the shortest depth", async () => {
      const { store } = await backend.create();
      await store.append([1, 2, 3, 4, 5].map((index) => makeEvent(index)));
      // 1 → 2 → 3 → 1 (a cycle), 3 → 4, 4 ← 1 (a diamond), and a self-link on 2.
      await store.link([
        makeLink("evt-000001", "evt-000002"),
        makeLink("evt-000002", "evt-000003"),
        makeLink("evt-000003", "evt-000001"),
        makeLink("evt-000003", "evt-000004"),
        makeLink("evt-000001", "evt-000004"),
        makeLink("evt-000002", "evt-000002"),
      ]);
      const graph = await store.lineage("evt-000001");
      expect(graph?.events.map((event) => event.id).sort()).toEqual([
        "evt-000001",
        "evt-000002",
        "evt-000003",
        "evt-000004",
      ]);
      expect(graph?.depths).toEqual({
        "evt-000001": 0,
        "evt-000002": 1,
        "evt-000003": 1,
        "evt-000004": 1,
      });
      expect(graph?.links).toHaveLength(6);
      expect(graph?.truncated).toBe(false);
    });

    it("is undefined for an unknown event and rejects a bad depth", async () => {
      const { store } = await backend.create();
      expect(await store.lineage("nope")).toBeUndefined();
      await expect(store.lineage("nope", { maxDepth: -1 })).rejects.toSatisfy(
        ValidationError.isInstance,
      );
    });
  });

  describe("prune", () => {
    it("removes old events with their links, keys and deliveries in bounded batches", async () => {
      const { store, schema, raw } = await backend.create({ pruneBatchSize: 2 });
      const events = Array.from({ length: 7 }, (_, index) => makeEvent(index));
      await store.append(events);
      await store.link([
        makeLink("evt-000000", "evt-000001"),
        makeLink("evt-000004", "evt-000005"),
        makeLink("evt-000001", "evt-000006"),
      ]);
      const cutoff = events[5]!.occurredAt;
      await store.recordDelivery("github", "old", new Date(cutoff.getTime() - 1));
      await store.recordDelivery("github", "new", cutoff);
      expect(await store.prune(cutoff)).toEqual({ events: 5, links: 3, deliveries: 1 });
      const left = await raw<{ id: string }>(`SELECT id FROM "${schema}".events ORDER BY id`);
      expect(left.map((row) => row.id)).toEqual(["evt-000005", "evt-000006"]);
      const keyOwners = await raw<{ event_id: string }>(
        `SELECT DISTINCT event_id FROM "${schema}".event_keys ORDER BY event_id`,
      );
      expect(keyOwners.map((row) => row.event_id)).toEqual(["evt-000005", "evt-000006"]);
      expect(await raw(`SELECT id FROM "${schema}".event_correlations`)).toEqual([]);
      expect(await store.recordDelivery("github", "new")).toBe(false);
      expect(await store.recordDelivery("github", "old")).toBe(true);
    });

    it("prunes by the configured retention, 30 days by default", async () => {
      const { store } = await backend.create();
      const now = new Date("2025-03-01T00:00:00.000Z");
      const day = 86_400_000;
      await store.append([
        makeEvent(1, { occurredAt: new Date(now.getTime() - 31 * day) }),
        makeEvent(2, { occurredAt: new Date(now.getTime() - 29 * day) }),
      ]);
      expect((await store.pruneExpired(now)).events).toBe(1);
      expect(await store.get("evt-000001")).toBeUndefined();
      expect(await store.get("evt-000002")).toBeDefined();
    });
  });
});
