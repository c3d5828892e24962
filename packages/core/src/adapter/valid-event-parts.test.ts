import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  correlatedEventSchema,
  correlationKeySchema,
  type EventRef,
  evidenceSchema,
} from "../models/correlated-event";
import { platformSchema } from "../models/platform";
import { parseCorrelatedEvent } from "../sealing/seal-event";
import { buildEvent, type SubjectParts } from "./build-event";
import { isCorrelationKey, isPlatform } from "./valid-event-parts";

/** Strings near the key rules: namespaces, colons, whitespace, lengths around the limits. */
const keyLike = fc.oneof(
  fc.string(),
  fc
    .tuple(
      fc.stringMatching(/^[a-zA-Z0-9_ -]{0,6}$/),
      fc.constantFrom(":", "", "::"),
      fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(" ", "\t", "a b", "x\n")),
    )
    .map(([namespace, colon, rest]) => `${namespace}${colon}${rest}`),
  fc.integer({ min: 2040, max: 2056 }).map((length) => `url:${"a".repeat(length - 4)}`),
);

const anyRef = fc.oneof(
  fc.record(
    {
      key: fc.oneof(keyLike, fc.anything()),
      evidence: fc.oneof(fc.constantFrom(...evidenceSchema.options), fc.string(), fc.anything()),
      field: fc.oneof(fc.string(), fc.anything()),
      excerpt: fc.oneof(fc.string({ maxLength: 700 }), fc.anything()),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

const subjectParts = fc.record({
  kind: fc.oneof(fc.string(), fc.anything()),
  id: fc.oneof(fc.string(), fc.anything()),
  key: fc.oneof(fc.string(), fc.anything()),
  url: fc.oneof(
    fc.webUrl(),
    fc.constantFrom(" https://a.example ", "https://a.example/x y", "https://a.\nexample", "nope"),
    fc.anything(),
  ),
  title: fc.oneof(fc.string(), fc.anything()),
});

describe("the builder's own checks agree with the event schema", () => {
  it("isCorrelationKey accepts exactly what correlationKeySchema accepts", () => {
    fc.assert(
      fc.property(keyLike, (key) => {
        expect(isCorrelationKey(key)).toBe(correlationKeySchema.safeParse(key).success);
      }),
      { numRuns: 2000 },
    );
  });

  it("isPlatform accepts exactly what platformSchema accepts", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z][a-z0-9_-]{0,52}$/)), (name) => {
        expect(isPlatform(name)).toBe(platformSchema.safeParse(name).success);
      }),
      { numRuns: 1000 },
    );
  });

  it("builds, from any parts, the very event the schema's parse would produce", () => {
    const context = {
      platform: "github",
      deliveryId: "d-1",
      receivedAt: new Date("2030-01-01T09:00:00Z"),
      payload: { action: "opened" },
    };
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom("github.pull_request.opened", "a.b", "a.")),
        subjectParts,
        fc.array(fc.oneof(keyLike, fc.anything()), { maxLength: 6 }),
        fc.array(anyRef, { maxLength: 6 }),
        fc.array(fc.oneof(fc.date(), fc.string(), fc.double(), fc.anything()), { maxLength: 3 }),
        fc.oneof(fc.string(), fc.anything()),
        (type, subject, keys, refs, occurredAt, workflowId) => {
          const event = buildEvent(context, 0, {
            type,
            subject: subject as SubjectParts,
            keys: keys as string[],
            refs: refs as EventRef[],
            occurredAt,
            workflowId: workflowId as string,
          });
          expect(parseCorrelatedEvent(event)).toBe(event);
          const parsed = correlatedEventSchema.safeParse(event);
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
          expect(event).toEqual(parsed.data);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
