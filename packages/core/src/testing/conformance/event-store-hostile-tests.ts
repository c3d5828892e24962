import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import type { EventStore } from "../../contracts/event-store";
import type { CorrelatedEvent, CorrelatedEventInput } from "../../models/correlated-event";
import { parseFrozenJson } from "../../sealing/json-text";
import { sealEvent } from "../../sealing/seal-event";
import { UNPARSED_PAYLOAD_KEY } from "../../sealing/storable/storable-payload";
import { BASE_TIME, comparable, eventId } from "./event-store-fixtures";

const RECEIVED = new Date(BASE_TIME + 1000);
const BRANCH_KEY = `github:branch:acme/api:${"枝".repeat(1000)}`;

/** One event no store could keep as it is, and what its stored copy must show. */
interface HostileCase {
  name: string;
  /** A fresh input each call (sealing freezes what it keeps). */
  input: () => CorrelatedEventInput;
  /** A note the stored event must carry. */
  note: RegExp;
}

function hostile(n: number, overrides: Partial<CorrelatedEventInput>): CorrelatedEventInput {
  return {
    id: eventId(n),
    type: "test.hostile.received",
    platform: "github",
    occurredAt: new Date(BASE_TIME),
    receivedAt: RECEIVED,
    deliveryId: `hostile-${n}`,
    subject: { kind: "thing", id: `thing-${n}` },
    keys: [`test:hostile:${n}`],
    payload: { ok: true },
    ...overrides,
  };
}

function deepArray(levels: number): unknown[] {
  let value: unknown[] = [];
  for (let level = 1; level < levels; level += 1) value = [value];
  return value;
}

const CASES: HostileCase[] = [
  {
    name: "NUL characters in the payload, its property names, subject, refs and ids",
    input: () =>
      hostile(1, {
        deliveryId: "d\u0000",
        workflowId: "w\u0000",
        subject: { kind: "thing", id: "thing-1", title: "a\u0000b" },
        refs: [{ key: "test:ref:1", evidence: "body", excerpt: "x\u0000y" }],
        payload: { text: "nul \u0000 here", "key\u0000": [{ deep: "\u0000" }] },
      }),
    note: /^payload: 3 NUL characters replaced with U\+FFFD$/,
  },
  {
    name: "lone surrogates in strings",
    input: () =>
      hostile(2, {
        subject: { kind: "thing", id: "thing-\ud800" },
        keys: ["test:hostile:\udc00"],
        payload: { text: "half \ud83d pair" },
      }),
    note: /^keys\[0\]: 1 lone surrogate replaced/,
  },
  {
    name: "a received payload text with \\u0000 and lone surrogate escapes",
    input: () =>
      hostile(3, {
        payload: parseFrozenJson(
          '{"title":"a\\u0000b","\\ud800":"\\udfff","emoji":"\\ud83d\\ude00"}',
        ) as Record<string, unknown>,
      }),
    note: /^payload: 1 NUL character and 2 lone surrogates replaced/,
  },
  {
    name: "an occurredAt after the year 9999",
    input: () => hostile(4, { occurredAt: new Date(8.64e15) }),
    note: /^occurredAt: \+275760-09-13T00:00:00\.000Z is outside/,
  },
  {
    name: "an occurredAt in the year 0",
    input: () => hostile(5, { occurredAt: new Date("0000-06-01T00:00:00.000Z") }),
    note: /^occurredAt: 0000-06-01T00:00:00\.000Z is outside/,
  },
  {
    name: "an occurredAt that is no date",
    input: () => hostile(6, { occurredAt: "yesterday" as unknown as Date }),
    note: /^occurredAt: "yesterday" is not a date/,
  },
  {
    name: "a 1,000-character non-ASCII branch key",
    input: () =>
      hostile(7, { keys: [BRANCH_KEY], refs: [{ key: BRANCH_KEY, evidence: "branch" }] }),
    note: /^keys\[0\]: 3,023-byte key shortened/,
  },
  {
    name: "a payload nested 100,000 levels deep",
    input: () => hostile(8, { payload: { deep: deepArray(100_000) } }),
    note: /^payload: nested deeper than 1,000 levels/,
  },
  {
    name: "a received payload text nested 100,000 levels deep",
    input: () =>
      hostile(9, {
        payload: parseFrozenJson(`{"deep":${"[".repeat(100_000)}${"]".repeat(100_000)}}`) as Record<
          string,
          unknown
        >,
      }),
    note: /^payload: nested deeper than 1,000 levels; kept as the received JSON text/,
  },
];

/** Compares two events; payloads as a boolean so a 100k-level mismatch prints no wall of text. */
function expectSameEvent(stored: CorrelatedEvent | undefined, expected: CorrelatedEvent): void {
  expect(stored).toBeDefined();
  const { payload: storedPayload, ...storedHead } = comparable(stored)!;
  const { payload: expectedPayload, ...expectedHead } = comparable(expected)!;
  expect(storedHead).toEqual(expectedHead);
  expect(isDeepStrictEqual({ ...storedPayload }, { ...expectedPayload })).toBe(true);
}

/**
 * Events no store could keep as received: each is appended as a plain object (the path of
 * a direct `append`) and sealed (the path of webhook sources), and must read back exactly
 * as `sealEvent` repairs it, with notes saying what changed, from every store.
 */
export function describeEventStoreHostileInput(store: () => EventStore): void {
  describe("events no store could keep as received", () => {
    for (const hostileCase of CASES) {
      it(`repairs ${hostileCase.name} and reads it back identical`, async () => {
        const expected = sealEvent(hostileCase.input());
        expect(expected.notes?.some((note) => hostileCase.note.test(note))).toBe(true);
        expect(JSON.stringify(expected)).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/);

        expect(await store().append(hostileCase.input() as CorrelatedEvent)).toEqual({
          inserted: [expected.id],
          existing: [],
        });
        expectSameEvent(await store().get(expected.id), expected);
        // The sealed copy is the same event: already stored, nothing overwritten.
        expect((await store().append(expected)).existing).toEqual([expected.id]);

        const [found] = await store().findByKeys([expected.keys[0]!]);
        expectSameEvent(found, expected);
        const head = await store().get(expected.id, { payload: false });
        expect(head?.notes).toEqual(expected.notes);
        expect(head?.occurredAt).toEqual(expected.occurredAt);
      });
    }

    it("stores the repaired text of a payload too deep to keep as JSON", async () => {
      const input = CASES.at(-1)!.input();
      await store().append(input as CorrelatedEvent);
      const stored = await store().get(eventId(9));
      const text = stored?.payload[UNPARSED_PAYLOAD_KEY];
      expect(typeof text).toBe("string");
      expect(text === jsonTextOfDeep(100_000)).toBe(true);
    });
  });
}

function jsonTextOfDeep(levels: number): string {
  return `{"deep":${"[".repeat(levels)}${"]".repeat(levels)}}`;
}
