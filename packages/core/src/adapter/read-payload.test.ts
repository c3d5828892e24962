import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstLine } from "./first-line";
import { objectKey } from "./object-key";
import {
  readArray,
  readBoolean,
  readDate,
  readId,
  readNumber,
  readObject,
  readString,
  readUrl,
  readValue,
} from "./read-payload";
import { typeSegment } from "./type-segment";

const payload = JSON.parse(
  JSON.stringify({
    pull_request: { number: 42, head: { ref: "eng-1-fix", sha: null }, labels: ["a", 1, null] },
    commits: [{ id: "abc" }, "oops", null, { id: 7 }],
    empty: "",
    flag: false,
    when: "2019-05-15T15:20:33Z",
  }),
) as Record<string, unknown>;

describe("payload readers", () => {
  it("follow paths through objects and arrays", () => {
    expect(readString(payload, "pull_request", "head", "ref")).toBe("eng-1-fix");
    expect(readNumber(payload, "pull_request", "number")).toBe(42);
    expect(readString(payload, "commits", 0, "id")).toBe("abc");
    expect(readBoolean(payload, "flag")).toBe(false);
    expect(readValue(payload)).toBe(payload);
    expect(readObject(payload, "pull_request", "head")).toEqual({ ref: "eng-1-fix", sha: null });
  });

  it("return undefined for a missing step or a value of another type", () => {
    expect(readString(payload, "pull_request", "number")).toBeUndefined();
    expect(readNumber(payload, "pull_request", "head", "ref")).toBeUndefined();
    expect(readString(payload, "pull_request", "head", "sha")).toBeUndefined();
    expect(readString(payload, "empty")).toBeUndefined();
    expect(readObject(payload, "commits")).toBeUndefined();
    expect(readObject(payload, "commits", 2)).toBeUndefined();
    expect(readBoolean(payload, "when")).toBeUndefined();
    // A string index into an array and a number index into an object lead nowhere.
    expect(readValue(payload, "commits", "length")).toBeUndefined();
    expect(readValue(payload, "pull_request", 0)).toBeUndefined();
    expect(readString("text", "length")).toBeUndefined();
    expect(readString(null, "a")).toBeUndefined();
  });

  it("read own fields only, never Object.prototype's", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(readValue({}, name)).toBeUndefined();
      expect(readObject({}, name)).toBeUndefined();
    }
    const own = JSON.parse('{"__proto__": {"x": 1}, "constructor": "c"}') as unknown;
    expect(readObject(own, "__proto__")).toEqual({ x: 1 });
    expect(readString(own, "constructor")).toBe("c");
  });

  it("read ids given as strings or numbers", () => {
    expect(readId(payload, "commits", 0, "id")).toBe("abc");
    expect(readId(payload, "commits", 3, "id")).toBe("7");
    expect(readId(payload, "empty")).toBeUndefined();
    expect(readId(payload, "flag")).toBeUndefined();
  });

  it("read arrays, keeping only the elements a reader accepts", () => {
    expect(readArray(payload, "commits")).toHaveLength(4);
    expect(readArray(payload, "commits", readObject)).toEqual([{ id: "abc" }, { id: 7 }]);
    expect(readArray(payload, "pull_request", "labels", readString)).toEqual(["a"]);
    expect(readArray(payload, "pull_request")).toEqual([]);
    expect(readArray(payload, "missing", readString)).toEqual([]);
    expect(readArray(["x", 2], readString)).toEqual(["x"]);
  });

  it("read dates from ISO text, epoch seconds and milliseconds, and Dates", () => {
    expect(readDate(payload, "when")?.toISOString()).toBe("2019-05-15T15:20:33.000Z");
    expect(readDate(1557933657)?.toISOString()).toBe("2019-05-15T15:20:57.000Z");
    expect(readDate(1557933657000)?.toISOString()).toBe("2019-05-15T15:20:57.000Z");
    expect(readDate(new Date(0))?.getTime()).toBe(0);
    for (const odd of ["not a date", "", null, true, {}, [], Number.MAX_VALUE, 8.64e15, -8.64e15]) {
      expect(readDate(odd)).toBeUndefined();
    }
    expect(readDate("+010000-01-01T00:00:00Z")).toBeUndefined();
    expect(readDate(new Date(Number.NaN))).toBeUndefined();
  });

  it("read http(s) URLs only", () => {
    expect(readUrl("https://github.com/acme/api/pull/1")).toBe(
      "https://github.com/acme/api/pull/1",
    );
    for (const odd of [
      "javascript:alert(1)",
      "https://exa mple.com",
      "https://",
      "github.com",
      42,
    ]) {
      expect(readUrl(odd)).toBeUndefined();
    }
  });

  it("never throw on any JSON value and any path", () => {
    const key = fc.oneof(
      fc.string({ maxLength: 5 }),
      fc.constantFrom("__proto__", "constructor", "length", "toString"),
      fc.integer({ min: -2, max: 5 }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(key, { maxLength: 4 }), (value, path) => {
        const string = readString(value, ...path);
        expect(string === undefined || (typeof string === "string" && string !== "")).toBe(true);
        const number = readNumber(value, ...path);
        expect(number === undefined || Number.isFinite(number)).toBe(true);
        const object = readObject(value, ...path);
        expect(object === undefined || (typeof object === "object" && !Array.isArray(object))).toBe(
          true,
        );
        expect(Array.isArray(readArray(value, ...path))).toBe(true);
        expect(
          readArray(value, ...path, readString).every((item) => typeof item === "string"),
        ).toBe(true);
        const date = readDate(value, ...path);
        expect(date === undefined || Number.isFinite(date.getTime())).toBe(true);
        readBoolean(value, ...path);
        readId(value, ...path);
        readUrl(value, ...path);
      }),
      { numRuns: 500 },
    );
  });
});

describe("text helpers", () => {
  it("typeSegment makes one valid type segment, or the fallback", () => {
    expect(typeSegment("on-demand-test")).toBe("on-demand-test");
    expect(typeSegment("/Deploy.App")).toBe("deploy_app");
    expect(typeSegment(" high risk ")).toBe("high_risk");
    expect(typeSegment("!!!")).toBe("unknown");
    expect(typeSegment("!!!", "received")).toBe("received");
    expect(typeSegment(42)).toBe("unknown");
    expect(typeSegment(undefined, "received")).toBe("received");
    expect(typeSegment("a__b-c")).toBe("a__b-c");
    expect(typeSegment("_a_")).toBe("a");
  });

  it("typeSegment's shortcut for names that are a segment already changes no result", () => {
    const slow = (value: string) =>
      value
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, "_")
        .replace(/^_+|_+$/g, "") || "unknown";
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_. -]{0,12}$/)), (value) => {
        expect(typeSegment(value)).toBe(slow(value));
      }),
      { numRuns: 2000 },
    );
  });

  it("firstLine takes the first line with text, bounded with an ellipsis", () => {
    expect(firstLine("  \n\n  Fix login \nmore")).toBe("Fix login");
    expect(firstLine("a".repeat(300))).toBe(`${"a".repeat(199)}…`);
    expect(firstLine("a".repeat(200))).toBe("a".repeat(200));
    expect(firstLine("abcdef", 4)).toBe("abc…");
    expect(firstLine(" \n \n")).toBeUndefined();
    expect(firstLine(42)).toBeUndefined();
  });

  it("objectKey builds a platform object key, or none where platformObjectKey throws", () => {
    expect(objectKey("linear", "comment", "ABC")).toBe("linear:comment:abc");
    expect(objectKey("linear", "comment", "a b")).toBeUndefined();
    expect(objectKey("linear", "Odd Kind", "abc")).toBeUndefined();
    expect(objectKey("linear", "comment", undefined)).toBeUndefined();
  });
});
