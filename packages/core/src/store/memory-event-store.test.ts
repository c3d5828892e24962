import { describe, expect, it } from "vitest";
import { parseFrozenJson } from "../sealing/json-text";
import { makeEvent, makeLink } from "../testing/conformance/event-store-fixtures";
import { runEventStoreConformance } from "../testing/event-store-conformance";
import { MemoryEventStore } from "./memory-event-store";

runEventStoreConformance({ name: "MemoryEventStore", createStore: () => new MemoryEventStore() });

describe("MemoryEventStore specifics", () => {
  it("returns fresh copies, so changing a read never changes the store", async () => {
    const store = new MemoryEventStore();
    await store.append([makeEvent(1, { payload: { nested: { value: 1 } } }), makeEvent(2)]);
    await store.link(makeLink(1, 2));
    const first = (await store.get(makeEvent(1).id))!;
    (first.payload.nested as { value: number }).value = 2;
    first.keys.push("test:key:added");
    first.occurredAt.setTime(0);
    const again = (await store.get(makeEvent(1).id))!;
    expect(again).not.toBe(first);
    expect(again.payload).toEqual({ nested: { value: 1 } });
    expect(again.keys).toEqual([]);
    expect(again.occurredAt).toEqual(makeEvent(1).occurredAt);
    const [link] = await store.linksOf(makeEvent(1).id);
    link!.evidence.length = 0;
    expect((await store.linksOf(makeEvent(1).id))[0]!.evidence).toHaveLength(1);
    expect(store.size).toBe(2);
  });

  it("leaves payloads out of reads that ask so, and keeps a parsed body's text", async () => {
    const store = new MemoryEventStore();
    const text = '{"action":"opened",  "number": 7}';
    const payload = parseFrozenJson(text) as Record<string, unknown>;
    await store.append([makeEvent(1, { keys: ["test:key:a"], payload })]);
    expect((await store.get(makeEvent(1).id, { payload: false }))?.payload).toEqual({});
    expect((await store.findByKeys(["test:key:a"], { payload: false }))[0]?.payload).toEqual({});
    expect((await store.query({ payload: false })).events[0]?.payload).toEqual({});
    expect((await store.lineage(makeEvent(1).id, { payload: false }))?.root.payload).toEqual({});
    const [perKey] = await store.findPerKey(
      [{ key: "test:key:a", match: "keys", order: "newest", limit: 1 }],
      { payload: false },
    );
    expect(perKey?.[0]?.payload).toEqual({});
    const lean = (await store.get(makeEvent(1).id, { payload: false }))!;
    expect(() => lean.keys.push("test:key:b")).toThrow(TypeError);
    lean.occurredAt.setTime(0);
    expect((await store.get(makeEvent(1).id, { payload: false }))?.occurredAt).toEqual(
      makeEvent(1).occurredAt,
    );
    expect(await store.get(makeEvent(1).id, { payload: false })).toEqual({
      ...makeEvent(1, { keys: ["test:key:a"] }),
      payload: {},
    });
    const read = (await store.get(makeEvent(1).id))!;
    expect(read.payload).toEqual({ action: "opened", number: 7 });
    expect(read.payload).not.toBe(payload);
  });
});
