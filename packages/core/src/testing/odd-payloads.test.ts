import { describe, expect, it } from "vitest";
import { readArray, readObject, readString } from "../adapter/read-payload";
import {
  DEEP_NESTING,
  DEEP_NESTING_DEPTH,
  ODD_VALUES,
  oddPayloadJson,
  oddPayloadVariants,
  recordPayloadReads,
  withValueAt,
} from "./odd-payloads";

const payload = () => ({
  pull_request: { number: 1, head: { ref: "main" } },
  commits: [{ id: "a" }, { id: "b" }],
  untouched: { deep: true },
});

describe("recordPayloadReads", () => {
  it("records the fields read, the objects on the way and the fields asked for but missing", () => {
    const paths = recordPayloadReads(payload(), (view) => {
      readString(view, "pull_request", "head", "ref");
      readString(view, "pull_request", "title");
      for (const commit of readArray(view, "commits", readObject)) readString(commit, "id");
      readString(view, "toString");
    });
    expect(paths).toEqual([
      ["pull_request"],
      ["pull_request", "head"],
      ["pull_request", "head", "ref"],
      ["pull_request", "title"],
      ["commits"],
      ["commits", 0],
      ["commits", 1],
      ["commits", 0, "id"],
      ["commits", 1, "id"],
      ["toString"],
    ]);
  });
});

describe("withValueAt and oddPayloadVariants", () => {
  it("copies only the objects along the path", () => {
    const original = payload();
    const changed = withValueAt(original, ["commits", 1, "id"], 42)!;
    expect(changed.commits).toEqual([{ id: "a" }, { id: 42 }]);
    expect(original.commits[1]!.id).toBe("b");
    expect(changed.untouched).toBe(original.untouched);
    expect((changed.commits as unknown[])[0]).toBe(original.commits[0]);
    expect(withValueAt(original, ["pull_request", "title"], "new")).toMatchObject({
      pull_request: { number: 1, title: "new" },
    });
  });

  it("gives up where a step is not an object or array", () => {
    expect(withValueAt(payload(), ["pull_request", "number", "x"], 1)).toBeUndefined();
    expect(withValueAt(payload(), ["commits", "x"], 1)).toBeUndefined();
    expect(withValueAt(payload(), [], 1)).toBeUndefined();
  });

  it("yields every path with every odd value", () => {
    const variants = [...oddPayloadVariants(payload(), [["pull_request"], ["commits", 0, "id"]])];
    expect(variants).toHaveLength(2 * ODD_VALUES.length);
    expect(variants[0]!.description).toBe("pull_request = number");
  });
});

describe("oddPayloadJson", () => {
  it("writes deep nesting as text that JSON.parse reads and JSON.stringify cannot write again", () => {
    expect(() => JSON.stringify(DEEP_NESTING)).toThrow(RangeError);
    const text = oddPayloadJson({ a: DEEP_NESTING, b: [DEEP_NESTING] });
    const parsed = JSON.parse(text) as { a: unknown[]; b: unknown[] };
    let depth = 0;
    for (let level: unknown = parsed.a; Array.isArray(level); level = level[0]) depth += 1;
    expect(depth).toBe(DEEP_NESTING_DEPTH);
    expect(() => JSON.stringify(parsed)).toThrow(RangeError);
    expect(oddPayloadJson({ a: 1 })).toBe('{"a":1}');
  });
});
