import fc from "fast-check";
import { Labeled, labeledAsJson } from "./labeled";
import { deepArray, deepObject } from "./raw-json";

/** Size of the "huge string" replacement: far over any field's sane size, well under 5 MiB. */
const HUGE_STRING_LENGTH = 64 * 1024;
/** Depth of the "deep nesting" replacements (the 100,000-deep case is in the unstorable set). */
const DEEP_NESTING = 5_000;

// Keys a careless reader treats specially: prototype pollution, array-likes, thenables.
const TRICKY_KEYS = ["__proto__", "constructor", "prototype", "toString", "length", "then", "0"];

/**
 * A value of some other type than the field holds: numbers (also huge, negative,
 * fractional), strings (empty, blank, huge), null, booleans, arrays (empty, holding null,
 * mixed), objects (empty, with tricky keys), and deep nesting. Every value is labeled.
 */
export function wrongTypeValue(): fc.Arbitrary<Labeled> {
  return fc.oneof(
    fc
      .oneof(
        fc.constantFrom(0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 1e21),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      )
      .map(labeledAsJson),
    fc
      .oneof(fc.constantFrom("", " ", "\n", "0", "null", "[]", "{}"), fc.string())
      .map(labeledAsJson),
    fc.constantFrom(null, true, false).map(labeledAsJson),
    fc
      .oneof(
        fc.constantFrom([], [null], [[]], [{}], [1, "a", null]),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
      )
      .map(labeledAsJson),
    fc
      .oneof(
        fc.constantFrom({}, { "": null }),
        fc.dictionary(fc.constantFrom(...TRICKY_KEYS), fc.jsonValue({ maxDepth: 1 }), {
          minKeys: 1,
          maxKeys: 3,
        }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 4,
        }),
      )
      .map(labeledAsJson),
    fc.constantFrom(
      new Labeled(`huge string (${HUGE_STRING_LENGTH} × "a")`, "a".repeat(HUGE_STRING_LENGTH)),
      new Labeled(`huge string (${HUGE_STRING_LENGTH} × "é")`, "é".repeat(HUGE_STRING_LENGTH)),
      new Labeled(`array of ${DEEP_NESTING} nulls`, new Array<null>(DEEP_NESTING).fill(null)),
      new Labeled(`array ${DEEP_NESTING} deep`, deepArray(DEEP_NESTING)),
      new Labeled(`object ${DEEP_NESTING} deep`, deepObject(DEEP_NESTING)),
    ),
  );
}
