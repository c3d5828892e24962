import { describe, expect, it } from "vitest";
import { makeEvent } from "../testing/conformance/event-store-fixtures";
import { runEventStoreConformance } from "../testing/event-store-conformance";
import { MemoryEventStore } from "./memory-event-store";

runEventStoreConformance({ name: "MemoryEventStore", createStore: () => new MemoryEventStore() });

describe("MemoryEventStore specifics", () => {
  it("returns read-only snapshots", async () => {
    const store = new MemoryEventStore();
    await store.append(makeEvent(1, { payload: { nested: { value: 1 } } }));
    const stored = (await store.get(makeEvent(1).id))!;
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored.payload.nested)).toBe(true);
    expect(() => {
      (stored.payload.nested as { value: number }).value = 2;
    }).toThrow(TypeError);
    expect(store.size).toBe(1);
  });
});
