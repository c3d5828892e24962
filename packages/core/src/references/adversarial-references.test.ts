import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_CORRELATION_KEY_BYTES } from "../keys/bound-correlation-key";
import { eventRefSchema } from "../models/correlated-event";
import { extractReferences } from "./extract-references";
import { MAX_REFERENCE_SCAN_LENGTH, MAX_REFERENCES_PER_FIELD } from "./reference-limits";

const HAS_LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Pieces attackers build texts from: trigger words, references, runs, odd characters. */
const piece = fc.oneof(
  fc.constantFrom("sha", "commit", "commits:", "rev #", "hash", "Fixes", "closes:", "part of"),
  fc.constantFrom("refs", "related  to", "the issue", "pull requests", "and", ",", "&", "+"),
  fc.constantFrom(
    "https://github.com/acme/api/pull/42",
    "https://github.com/acme/api/commit/4f2a9c1e7b3d5a6c8e0f1a2b3c4d5e6f7a8b9c0d",
    "https://linear.app/acme/issue/eng-9/x",
    "https://acme.slack.com/archives/C123ABC/p1700000000000100",
    "https://example.com/é/日本/😀",
    "http://",
    "[ENG-1](https://linear.app/a/issue/ENG-1)",
  ),
  fc.stringMatching(/^[A-Za-z]{1,8}-[0-9]{1,11}$/),
  fc.stringMatching(/^[0-9a-f]{6,42}$/),
  fc.stringMatching(/^[a-z0-9-]{1,40}\/[a-z0-9._-]{1,101}#[0-9]{1,11}$/),
  fc.constantFrom("#42", "GH-7", "&#39;", "**", "`", "(", ")", "[", "]", "/", "."),
  fc.constantFrom("\u0000", "\ud800", "\udfff", "\u2028", "\u3000", "\ufeff", "😀", "é"),
  fc.string({ unit: "grapheme", maxLength: 8 }),
);

/** A run: one character or piece repeated, as attackers pad with spaces, dots or slashes. */
const run = fc
  .tuple(
    fc.oneof(piece, fc.constantFrom(" ", "\t", "\n", ".", ",", "/", "!", "~", "_", "*")),
    fc.integer({ min: 1, max: 3_000 }),
  )
  .map(([unit, count]) => unit.repeat(count));

const adversarialText = fc
  .array(fc.oneof(piece, run, fc.constantFrom(" ", "  ", "\n")), { maxLength: 40 })
  .map((parts) => parts.join(""));

describe("extractReferences on adversarial text (properties)", () => {
  it("returns valid, storable, distinct refs within the limits, never throwing", () => {
    fc.assert(
      fc.property(adversarialText, fc.boolean(), (text, withRepository) => {
        const refs = extractReferences(text, {
          field: "body",
          ...(withRepository ? { defaultRepository: "acme/api" } : {}),
        });
        expect(refs.length).toBeLessThanOrEqual(MAX_REFERENCES_PER_FIELD);
        expect(new Set(refs.map((ref) => ref.key)).size).toBe(refs.length);
        for (const ref of refs) {
          expect(eventRefSchema.safeParse(ref).success).toBe(true);
          expect(Buffer.byteLength(ref.key)).toBeLessThanOrEqual(MAX_CORRELATION_KEY_BYTES);
          for (const value of [ref.key, ref.excerpt ?? ""]) {
            expect(value).not.toContain("\u0000");
            expect(HAS_LONE_SURROGATE.test(value)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("finds a reference whatever padding surrounds it", () => {
    fc.assert(
      fc.property(run, run, (before, after) => {
        const text = `${before} Fixes ENG-4242 ${after}`;
        const found = extractReferences(text, { maxScanLength: text.length });
        expect(found.map((ref) => ref.key)).toContain("linear:issue:ENG-4242");
      }),
      { numRuns: 200 },
    );
  });
});

describe("extractReferences limits", () => {
  it("reads the first MAX_REFERENCE_SCAN_LENGTH characters, cut at whitespace", () => {
    const filler = "x ".repeat(MAX_REFERENCE_SCAN_LENGTH / 2 - 10);
    const keys = (text: string, options = {}) =>
      extractReferences(text, options).map((ref) => ref.key);
    // ENG-1 ends inside the window; https://a.test/long straddles its end.
    const text = `${filler}ENG-1 https://a.test/${"long".repeat(10)} ENG-2`;
    expect(keys(text)).toEqual(["linear:issue:ENG-1"]);
    expect(keys(text, { maxScanLength: text.length })).toEqual([
      "linear:issue:ENG-1",
      `url:https://a.test/${"long".repeat(10)}`,
      "linear:issue:ENG-2",
    ]);
    expect(keys("ENG-1 ENG-2", { maxScanLength: 8 })).toEqual(["linear:issue:ENG-1"]);
    // No whitespace at all: cut at the limit itself.
    expect(keys(`ENG-1,${"y".repeat(MAX_REFERENCE_SCAN_LENGTH)},ENG-2`)).toEqual([
      "linear:issue:ENG-1",
    ]);
  });

  it("keeps the first MAX_REFERENCES_PER_FIELD keys, and upgrades their evidence later", () => {
    const ids = Array.from({ length: 600 }, (_, index) => `ENG-${index + 1}`);
    const refs = extractReferences(`${ids.join(" ")}. Closes ENG-3`);
    expect(refs).toHaveLength(MAX_REFERENCES_PER_FIELD);
    expect(refs.at(-1)!.key).toBe(`linear:issue:ENG-${MAX_REFERENCES_PER_FIELD}`);
    expect(refs[2]).toMatchObject({ key: "linear:issue:ENG-3", evidence: "closes" });
    expect(extractReferences(ids.join(" "), { maxReferences: 2 })).toHaveLength(2);
  });

  it("gives a long non-ASCII URL a bounded key instead of failing the event", () => {
    const url = `https://example.com/${"é".repeat(520)}`;
    const [ref] = extractReferences(`See ${url} for details`);
    expect(ref!.key).toMatch(/^url:https:\/\/example\.com\/(?:%C3%A9)+[%0-9A-F]*~[0-9a-f]{32}$/);
    expect(eventRefSchema.safeParse(ref).success).toBe(true);
    // Mentioning the same URL elsewhere gives the same key.
    expect(extractReferences(`${url}.`)[0]!.key).toBe(ref!.key);
  });

  it("clips excerpts of very long matches to 500 characters", () => {
    const [ref] = extractReferences(`see https://a.test/${"p".repeat(5_000)} now`);
    expect(ref!.excerpt).toHaveLength(500);
    expect(ref!.excerpt!.startsWith("see https://a.test/ppp")).toBe(true);
    expect(ref!.excerpt!.endsWith("…")).toBe(true);
  });
});
