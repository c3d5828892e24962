import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparePosition, type StoredEvent, StoredEventList } from "./stored-event-list";

const record = (time: number, id: string): StoredEvent => ({
  id,
  time,
  type: "t",
  platform: "p",
  json: "{}",
  payloadJson: "{}",
  correlationId: null,
});

const byPosition = (a: StoredEvent, b: StoredEvent) => comparePosition(a.time, a.id, b.time, b.id);
const ids = (items: Iterable<StoredEvent>) => [...items].map((item) => `${item.time}/${item.id}`);

const operation = fc.oneof(
  {
    weight: 16,
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      time: fc.integer({ min: 0, max: 200 }),
      id: fc.string({ minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("removeFirst" as const), count: fc.nat(8) }),
  },
);

describe("StoredEventList", () => {
  it("behaves like a sorted array across many blocks", () => {
    let maxLength = 0;
    fc.assert(
      fc.property(
        fc.array(operation, { minLength: 1, maxLength: 3_000, size: "max" }),
        (operations) => {
          const list = new StoredEventList();
          let model: StoredEvent[] = [];
          for (const step of operations) {
            if (step.kind === "insert") {
              if (model.some((item) => item.time === step.time && item.id === step.id)) continue;
              const item = record(step.time, step.id);
              list.insert(item);
              model.push(item);
              model.sort(byPosition);
            } else if (step.kind === "remove" && model.length > 0) {
              const item = model[step.pick % model.length]!;
              expect(list.remove(item)).toBe(true);
              expect(list.remove(item)).toBe(false);
              model = model.filter((candidate) => candidate !== item);
            } else if (step.kind === "removeFirst") {
              expect(list.removeFirst(step.count)).toEqual(model.slice(0, step.count));
              model = model.slice(step.count);
            }
          }
          expect(list.length).toBe(model.length);
          maxLength = Math.max(maxLength, model.length);
          expect(ids(list)).toEqual(ids(model));
          expect(list.first()).toBe(model[0]);
          for (let index = 0; index < model.length; index += 1) {
            expect([...list.range(index, index + 1)]).toEqual([model[index]]);
            expect(list.range(0, index + 1, true).next().value).toBe(model[index]);
          }
          const middle = model[model.length >>> 1];
          if (middle) {
            const lower = list.lowerBound(middle.time, middle.id);
            expect(model[lower]).toBe(middle);
            expect(list.upperBound(middle.time, middle.id)).toBe(lower + 1);
            expect(list.lowerBound(middle.time, "")).toBe(
              model.findIndex((item) => item.time >= middle.time),
            );
            expect(ids(list.range(lower, model.length, true))).toEqual(
              ids(model.slice(lower).reverse()),
            );
            expect(ids(list.range(0, lower))).toEqual(ids(model.slice(0, lower)));
          }
        },
      ),
      { numRuns: 25, endOnFailure: true, seed: 20_261_203 },
    );
    // The runs must have grown past one block for the property to mean anything.
    expect(maxLength).toBeGreaterThan(1_000);
  });

  it("keeps appends in time order in one block per 512 records and merges lists", () => {
    const left = new StoredEventList();
    const right = new StoredEventList();
    for (let index = 0; index < 3_000; index += 1) {
      (index % 3 === 0 ? right : left).insert(record(index, `e${index}`));
    }
    left.merge(right);
    expect(left.length).toBe(3_000);
    expect(ids(left)).toEqual(ids(Array.from({ length: 3_000 }, (_, i) => record(i, `e${i}`))));
    expect(left.lowerBound(2_999, "e2999")).toBe(2_999);
  });
});
