import { describe, expect, it } from "vitest";
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
});
