import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors/validation-error";
import type { CorrelatedEventInput } from "../../models/correlated-event";
import { jsonTextOf, parseFrozenJson, receivedJsonOf } from "../json-text";
import { parseCorrelatedEvent, sealEvent } from "../seal-event";
import { boundCorrelationKey, MAX_CORRELATION_KEY_BYTES, utf8Length } from "./bound-key";
import { receivedMayNeedRepair } from "./inspect-json";
import { toStorableEvent } from "./storable-event";
import { MAX_PAYLOAD_DEPTH, UNPARSED_PAYLOAD_KEY } from "./storable-payload";
import { stringifyDeepJson } from "./stringify-deep-json";

const RECEIVED = new Date("2026-03-01T12:00:00.000Z");

const input = (overrides: Partial<CorrelatedEventInput> = {}): CorrelatedEventInput => ({
  id: "evt-1",
  type: "github.pull_request.opened",
  platform: "github",
  occurredAt: new Date("2026-03-01T11:59:00.000Z"),
  receivedAt: RECEIVED,
  deliveryId: "delivery-1",
  subject: { kind: "pull_request", id: "PR_1", key: "acme/api#1", title: "Fix login" },
  keys: ["github:pr:acme/api#1"],
  refs: [{ key: "linear:issue:ENG-1", evidence: "closes", field: "body", excerpt: "Fixes ENG-1" }],
  payload: { action: "opened", number: 1 },
  ...overrides,
});

/** `{ deep: [[[…]]] }`, `depth` levels in all, built without recursion. */
function deepPayload(depth: number): Record<string, unknown> {
  let value: unknown[] = [];
  for (let level = 2; level < depth; level += 1) value = [value];
  return { deep: value };
}

/** The JSON text of {@link deepPayload}. */
function deepText(depth: number): string {
  return `{"deep":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
}

/** The text a payload was kept as; compared as a boolean so a failure prints no 100k lines. */
function unparsedText(payload: Record<string, unknown>): unknown {
  expect(Object.keys(payload)).toEqual([UNPARSED_PAYLOAD_KEY]);
  return payload[UNPARSED_PAYLOAD_KEY];
}

describe("toStorableEvent", () => {
  it("returns a storable event itself, without copying the event or its payload", () => {
    const payload = parseFrozenJson('{"action":"opened","title":"emoji \\ud83d\\ude00 ok"}');
    const event = sealEvent(input({ payload: payload as Record<string, unknown> }));
    expect(event.payload).toBe(payload);
    expect(event.notes).toBeUndefined();
    expect(toStorableEvent(event)).toBe(event);
    const plain = parseCorrelatedEvent(input());
    expect(toStorableEvent(plain)).toBe(plain);
  });

  it("replaces NUL and lone surrogates in a received payload, text included", () => {
    const received = parseFrozenJson(
      '{"title":"a\\u0000b\\u0000","k\\u0000":"\\ud800","pair":"\\ud83d\\ude00"}',
    ) as Record<string, unknown>;
    const event = sealEvent(input({ payload: received }));
    expect(event.payload).toEqual({
      title: "a\uFFFDb\uFFFD",
      "k\uFFFD": "\uFFFD",
      pair: "\u{1F600}",
    });
    expect(event.notes).toEqual([
      "payload: 3 NUL characters and 1 lone surrogate replaced with U+FFFD",
    ]);
    // Stores write the payload's text: it must be the repaired one, and stay frozen.
    expect(jsonTextOf(event.payload)).toBe(JSON.stringify(event.payload));
    expect(jsonTextOf(event.payload)).not.toMatch(/\\u0000|\\ud800/);
    expect(Object.isFrozen(event.payload)).toBe(true);
  });

  it("repairs raw lone surrogates in received text and payloads built in code", () => {
    const raw = parseFrozenJson('{"title":"x\ud800y"}') as Record<string, unknown>;
    expect(sealEvent(input({ payload: raw })).payload).toEqual({ title: "x\uFFFDy" });
    const built = parseCorrelatedEvent(
      input({ payload: { list: [{ note: "nul\u0000" }], ["__proto__"]: "kept" } }),
    );
    expect(built.payload).toEqual({ list: [{ note: "nul\uFFFD" }], ["__proto__"]: "kept" });
    expect(built.notes).toEqual(["payload: 1 NUL character replaced with U+FFFD"]);
  });

  it("leaves a payload alone when only an escaped backslash looks like \\u0000", () => {
    const payload = parseFrozenJson('{"path":"C:\\\\u0000"}') as Record<string, unknown>;
    const event = sealEvent(input({ payload }));
    expect(event.payload).toBe(payload);
    expect(event.notes).toBeUndefined();
  });

  it("repairs every other string a store writes, noting each field", () => {
    const event = parseCorrelatedEvent(
      input({
        id: "evt\u0000",
        deliveryId: "d\ud800",
        parentEventId: "p\u0000",
        workflowId: "w\u0000",
        correlationId: "c\u0000",
        subject: { kind: "k\u0000", id: "i\u0000", key: "x\u0000", title: "t\udc00" },
        keys: ["github:pr:acme/api#1\u0000"],
        refs: [
          { key: "linear:issue:ENG-1", evidence: "body", field: "f\u0000", excerpt: "e\u0000" },
        ],
        notes: ["earlier \u0000"],
      }),
    );
    expect(event).toMatchObject({
      id: "evt\uFFFD",
      deliveryId: "d\uFFFD",
      parentEventId: "p\uFFFD",
      workflowId: "w\uFFFD",
      correlationId: "c\uFFFD",
      subject: { kind: "k\uFFFD", id: "i\uFFFD", key: "x\uFFFD", title: "t\uFFFD" },
      keys: ["github:pr:acme/api#1\uFFFD"],
      refs: [{ key: "linear:issue:ENG-1", field: "f\uFFFD", excerpt: "e\uFFFD" }],
    });
    expect(event.notes).toEqual([
      "earlier \uFFFD",
      "id: 1 NUL character replaced with U+FFFD",
      "deliveryId: 1 lone surrogate replaced with U+FFFD",
      "correlationId: 1 NUL character replaced with U+FFFD",
      "parentEventId: 1 NUL character replaced with U+FFFD",
      "workflowId: 1 NUL character replaced with U+FFFD",
      "subject.kind: 1 NUL character replaced with U+FFFD",
      "subject.id: 1 NUL character replaced with U+FFFD",
      "subject.key: 1 NUL character replaced with U+FFFD",
      "subject.title: 1 lone surrogate replaced with U+FFFD",
      "keys[0]: 1 NUL character replaced with U+FFFD",
      "refs[0].field: 1 NUL character replaced with U+FFFD",
      "refs[0].excerpt: 1 NUL character replaced with U+FFFD",
      "notes[0]: 1 NUL character replaced with U+FFFD",
    ]);
    expect(JSON.stringify(event)).not.toMatch(/\\u0000|\\ud[89a-f]/);
    // Repairing is stable: the repaired event has nothing left to repair.
    expect(toStorableEvent(event)).toBe(event);
  });

  it("keeps absent optional fields absent", () => {
    const { deliveryId: _, ...rest } = input({ subject: { kind: "k\u0000", id: "i" } });
    const event = parseCorrelatedEvent(rest);
    expect("deliveryId" in event).toBe(false);
    expect("workflowId" in event).toBe(false);
  });

  it("uses receivedAt for an occurredAt stores cannot keep, noting the original", () => {
    const cases: [unknown, string][] = [
      [new Date(8.64e15), "+275760-09-13T00:00:00.000Z"],
      [new Date("0000-06-01T00:00:00.000Z"), "0000-06-01T00:00:00.000Z"],
      [new Date("-000500-01-01T00:00:00.000Z"), "-000500-01-01T00:00:00.000Z"],
      ["+010000-01-01T00:00:00.000Z", "+010000-01-01T00:00:00.000Z"],
      ["yesterday", '"yesterday"'],
      [new Date(Number.NaN), "Invalid Date"],
    ];
    for (const [occurredAt, shown] of cases) {
      for (const build of [sealEvent, parseCorrelatedEvent]) {
        const event = build(input({ occurredAt: occurredAt as Date }));
        expect(event.occurredAt).toEqual(RECEIVED);
        expect(event.notes).toHaveLength(1);
        expect(event.notes![0]).toMatch(
          new RegExp(`^occurredAt: ${escapeRegExp(shown)} .*receivedAt`),
        );
      }
    }
    const edge = parseCorrelatedEvent(input({ occurredAt: new Date("0001-01-01T00:00:00.000Z") }));
    expect(edge.notes).toBeUndefined();
  });

  it("refuses a missing occurredAt and a receivedAt it cannot store", () => {
    const { occurredAt: _, ...missing } = input();
    expect(() => parseCorrelatedEvent(missing)).toThrow(ValidationError);
    expect(() => sealEvent(input({ receivedAt: new Date(8.64e15) }))).toThrow(
      /receivedAt: \+275760-09-13T00:00:00.000Z is outside the years 1 to 9999/,
    );
  });

  it("bounds keys longer than stores index, the same way every time", () => {
    const branch = "枝".repeat(1000);
    const key = `github:branch:acme/api:${branch}`;
    const event = sealEvent(input({ keys: [key], refs: [{ key, evidence: "branch" }] }));
    const bounded = event.keys[0]!;
    expect(utf8Length(bounded)).toBeLessThanOrEqual(MAX_CORRELATION_KEY_BYTES);
    expect(bounded.startsWith("github:branch:acme/api:枝")).toBe(true);
    expect(bounded).toBe(boundCorrelationKey(key));
    expect(event.refs[0]!.key).toBe(bounded);
    expect(boundCorrelationKey(`${key}x`)).not.toBe(bounded);
    expect(boundCorrelationKey(bounded)).toBe(bounded);
    expect(event.notes).toEqual([
      "keys[0]: 3,023-byte key shortened to at most 512 bytes, ending in a hash of the whole key",
      "refs[0].key: 3,023-byte key shortened to at most 512 bytes, ending in a hash of the whole key",
    ]);
    expect(boundCorrelationKey(`a:b:${"é".repeat(250)}`)).toBe(`a:b:${"é".repeat(250)}`);
  });

  it("keeps a payload nested too deep as its JSON text", () => {
    const text = deepText(100_000);
    const received = sealEvent(
      input({ payload: parseFrozenJson(text) as Record<string, unknown> }),
    );
    expect(unparsedText(received.payload) === text).toBe(true);
    expect(received.notes).toEqual([
      `payload: nested deeper than 1,000 levels; kept as the received JSON text in payload.${UNPARSED_PAYLOAD_KEY}`,
    ]);
    const built = parseCorrelatedEvent(input({ payload: deepPayload(100_000) }));
    expect(unparsedText(built.payload) === text).toBe(true);
    expect(built.notes![0]).toMatch(/kept as its JSON text/);
    // At the limit nothing changes.
    const atLimit = deepPayload(MAX_PAYLOAD_DEPTH);
    expect(parseCorrelatedEvent(input({ payload: atLimit })).payload).toBe(atLimit);
    const overLimit = parseCorrelatedEvent(input({ payload: deepPayload(MAX_PAYLOAD_DEPTH + 1) }));
    expect(unparsedText(overLimit.payload) === deepText(MAX_PAYLOAD_DEPTH + 1)).toBe(true);
  });

  it("refuses a circular payload with a ValidationError", () => {
    const payload: Record<string, unknown> = { a: 1 };
    payload.self = payload;
    expect(() => parseCorrelatedEvent(input({ payload }))).toThrow(/circular reference/);
  });
});

describe("receivedMayNeedRepair", () => {
  it("passes clean text and flags what may need a walk", () => {
    const check = (text: string, depth = 2) => receivedMayNeedRepair({ text, depth }, 1000);
    expect(check('{"a":"\\u00e9 \\ud83d\\ude00 \\u003c"}')).toBe(false);
    expect(check('{"a":"\\u0000"}')).toBe(true);
    expect(check('{"a":"\\ud800x"}')).toBe(true);
    expect(check('{"a":"x\\udc00"}')).toBe(true);
    expect(check('{"a":"\ud800"}')).toBe(true);
    expect(check("{}", 1001)).toBe(true);
    expect(check("{}", 1000)).toBe(false);
  });

  it("learns the depth from parseFrozenJson", () => {
    expect(receivedJsonOf(parseFrozenJson('{"a":[{"b":[]}],"c":{}}'))?.depth).toBe(4);
    expect(receivedJsonOf({ a: 1 })).toBeUndefined();
  });
});

describe("stringifyDeepJson", () => {
  it("writes what JSON.stringify writes", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyDeepJson(value)).toBe(JSON.stringify(value));
      }),
    );
    const odd = {
      date: new Date(0),
      skipped: undefined,
      fn: () => 1,
      list: [undefined, Number.NaN, () => 1, -0],
      nested: { toJSON: (name: string) => `named ${name}` },
    };
    expect(stringifyDeepJson(odd)).toBe(JSON.stringify(odd));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
