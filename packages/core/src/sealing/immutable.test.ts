import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors/validation-error";
import { correlationSchema } from "../models/correlation";
import { deepFreeze } from "./deep-freeze";
import { extendFrozenJson, jsonTextOf, parseFrozenJson } from "./json-text";
import { parseCorrelatedEvent, sealEvent } from "./seal-event";
import { SealedValues } from "./sealed-values";

const eventInput = () => ({
  id: "11111111-1111-8111-8111-111111111111",
  type: "github.pull_request.opened",
  platform: "github",
  occurredAt: new Date("2026-01-01T00:00:00Z"),
  receivedAt: new Date("2026-01-01T00:00:01Z"),
  subject: { kind: "pull_request", id: "acme/api#1" },
  keys: ["github:pr:acme/api#1"],
  refs: [{ key: "linear:issue:ENG-1", evidence: "title" as const, field: "title" }],
  payload: { number: 1 },
});

describe("deepFreeze", () => {
  it("freezes every nested object and array, however deep, and returns the value", () => {
    let deep: Record<string, unknown> = { leaf: [1, { x: 1 }] };
    for (let level = 0; level < 50_000; level += 1) deep = { next: deep };
    const value = { a: { b: [{ c: 1 }] }, deep };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value.a.b[0])).toBe(true);
    let cursor: Record<string, unknown> = value.deep;
    while (cursor.next) cursor = cursor.next as Record<string, unknown>;
    expect(Object.isFrozen((cursor.leaf as unknown[])[1])).toBe(true);
    expect(deepFreeze(3)).toBe(3);
  });
});

describe("parseFrozenJson and jsonTextOf", () => {
  it("returns a frozen value whose text is the text it came from", () => {
    const text = '{ "b": 1,   "a": {"c": [1, 2]} }';
    const value = parseFrozenJson(text) as { a: { c: number[] } };
    expect(Object.isFrozen(value.a.c)).toBe(true);
    expect(() => {
      value.a.c.push(3);
    }).toThrow(TypeError);
    expect(jsonTextOf(value)).toBe(text);
  });

  it("serializes anything it did not parse", () => {
    expect(jsonTextOf({ b: 1 })).toBe('{"b":1}');
    expect(jsonTextOf(JSON.parse('{ "b": 1 }'))).toBe('{"b":1}');
    expect(() => parseFrozenJson("{nope")).toThrow(SyntaxError);
  });
});

describe("sealEvent", () => {
  it("validates once, freezes what the schema checks and keeps the payload object", () => {
    const input = eventInput();
    const event = sealEvent(input);
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.keys)).toBe(true);
    expect(Object.isFrozen(event.refs[0])).toBe(true);
    expect(Object.isFrozen(event.subject)).toBe(true);
    expect(event.payload).toBe(input.payload);
    expect(sealEvent(event)).toBe(event);
    expect(parseCorrelatedEvent(event)).toBe(event);
  });

  it("parses anything unsealed, including a changed copy of a sealed event", () => {
    const event = sealEvent(eventInput());
    const copy = { ...event, type: "not a type" };
    expect(() => parseCorrelatedEvent(copy)).toThrow(ValidationError);
    const valid = { ...event, workflowId: "wf-1" };
    expect(parseCorrelatedEvent(valid)).not.toBe(valid);
    for (const payload of [[1], new Date(), new Map(), "text"]) {
      expect(() => sealEvent({ ...eventInput(), payload: payload as never })).toThrow(
        /payload: Expected a JSON object/,
      );
    }
    expect(sealEvent({ ...eventInput(), payload: Object.create(null) }).payload).toEqual({});
  });
});

describe("SealedValues", () => {
  it("adopts values built from valid parts without parsing them", () => {
    const links = new SealedValues(correlationSchema, "Correlation", (link) => Object.freeze(link));
    const link = {
      id: "l1",
      sourceEventId: "a",
      targetEventId: "b",
      rule: "same_subject",
      strength: 1,
      evidence: [],
      createdAt: new Date(),
    };
    expect(links.isSealed(link)).toBe(false);
    expect(links.adopt(link)).toBe(link);
    expect(links.parse(link)).toBe(link);
    expect(Object.isFrozen(link)).toBe(true);
    expect(() => links.seal({ ...link, strength: 2 })).toThrow(ValidationError);
  });
});

describe("extendFrozenJson", () => {
  it("adds fields to a parsed body; its text is the received text plus the fields", () => {
    const text = '{ "action": "update",  "data": {"id": "a"} }\n';
    const base = parseFrozenJson(text) as Record<string, unknown>;
    const value = extendFrozenJson(base, { from: { id: "s1" }, to: { id: "s2" }, none: undefined });
    expect(value).toMatchObject({ action: "update", from: { id: "s1" }, to: { id: "s2" } });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.to)).toBe(true);
    expect(value.data).toBe(base.data);
    expect(jsonTextOf(value)).toBe(
      '{ "action": "update",  "data": {"id": "a"} ,"from":{"id":"s1"},"to":{"id":"s2"}}',
    );
    expect(JSON.parse(jsonTextOf(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it("replaces a field as the spread does, and extends an empty object", () => {
    const base = parseFrozenJson('{"from":"old","x":1}') as Record<string, unknown>;
    const value = extendFrozenJson(base, { from: "new" });
    expect(Object.keys(value)).toEqual(["from", "x"]);
    const reparsed = JSON.parse(jsonTextOf(value)) as Record<string, unknown>;
    expect(reparsed).toEqual(value);
    expect(Object.keys(reparsed)).toEqual(["from", "x"]);
    const empty = extendFrozenJson(parseFrozenJson(" {} ") as Record<string, unknown>, { a: 1 });
    expect(JSON.parse(jsonTextOf(empty))).toEqual({ a: 1 });
  });

  it("never serializes the body again, so a body nested too deep for JSON.stringify stores", () => {
    const depth = 20_000;
    const text = `{"data":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const base = parseFrozenJson(text) as Record<string, unknown>;
    expect(() => JSON.stringify(base)).toThrow(RangeError);
    const value = extendFrozenJson(base, { to: { name: "Done" } });
    expect(jsonTextOf(value)).toBe(`${text.slice(0, -1)},"to":{"name":"Done"}}`);
  });

  it("leaves a base that was not parsed to jsonTextOf's serialization, and unfrozen", () => {
    const base = { nested: { x: 1 } };
    const value = extendFrozenJson(base, { y: 2 });
    expect(jsonTextOf(value)).toBe('{"nested":{"x":1},"y":2}');
    expect(Object.isFrozen(base.nested)).toBe(false);
  });
});
