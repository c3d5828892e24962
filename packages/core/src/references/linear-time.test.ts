import { analyse } from "scslre";
import { describe, expect, it } from "vitest";
import { MAX_CORRELATION_KEY_BYTES } from "../keys/bound-correlation-key";
import { CorrelationKeys } from "../keys/correlation-keys";
import { eventRefSchema } from "../models/correlated-event";
import { extractBranchReferences } from "./extract-branch-references";
import { extractReferences } from "./extract-references";
import { URL_PATTERN } from "./find-urls";
import { FULL_SHA_PATTERN, SHORT_SHA_PATTERN } from "./git-shas";
import { BARE_NUMBER_PATTERN, OWNER_REPO_NUMBER_PATTERN } from "./github-numbers";
import {
  ANYWHERE_IN_SEGMENT_PATTERN,
  BRANCH_ID_PATTERN,
  IDENTIFIER_IN_TEXT_PATTERN,
} from "./linear-identifiers";
import { REFERENCE_WORD_PATTERN } from "./reference-words";

/** Super-linear causes scslre finds: polynomial backtracking and per-position rescans. */
function superLinearReports(pattern: RegExp): string[] {
  return analyse({ source: pattern.source, flags: pattern.flags }).reports.map(
    (report) => `${report.type} on ${JSON.stringify(report.character.pick)}`,
  );
}

describe("every pattern that reads untrusted text is linear", () => {
  // Static analysis, no timing: scslre reports any quantifier pair that can trade a
  // repeated character (backtracking) and any pattern the search must rescan from each
  // position of a repeated character.
  const patterns = {
    URL_PATTERN,
    IDENTIFIER_IN_TEXT_PATTERN,
    BRANCH_ID_PATTERN,
    ANYWHERE_IN_SEGMENT_PATTERN,
    OWNER_REPO_NUMBER_PATTERN,
    BARE_NUMBER_PATTERN,
    FULL_SHA_PATTERN,
    SHORT_SHA_PATTERN,
    REFERENCE_WORD_PATTERN,
  };
  it.each(Object.entries(patterns))("%s", (_name, pattern) => {
    expect(superLinearReports(pattern)).toEqual([]);
  });

  // The patterns these replaced, so this check is known to catch what it is for.
  const replaced = {
    "short sha after a word": /(?:commits?|sha|revision|rev|hash)\s*[:#]?\s*`?([0-9a-f]{7,39})/giu,
    "trailing URL punctuation": /[.,;:!?*_~]+$/,
    "list gap": /^\s*(?:,\s*(?:and\s+)?|&|\+|and\s)?\s*$/iu,
    "trailing URL slashes": /\/+$/,
  };
  it.each(Object.entries(replaced))("flags the former %s pattern", (_name, pattern) => {
    expect(superLinearReports(pattern)).not.toEqual([]);
  });
});

const MIB = 1 << 20;
/** `unit` repeated to exactly 1 MiB of UTF-16 code units (the last repetition cut). */
const mebibyteOf = (unit: string, tail = "") =>
  unit.repeat(Math.ceil((MIB - tail.length) / unit.length)).slice(0, MIB - tail.length) + tail;
const readAll = { maxScanLength: MIB, maxReferences: MIB, defaultRepository: "acme/api" };

function expectValid(refs: ReturnType<typeof extractReferences>): void {
  const invalid = refs.filter(
    (ref) =>
      !eventRefSchema.safeParse(ref).success ||
      Buffer.byteLength(ref.key) > MAX_CORRELATION_KEY_BYTES,
  );
  expect(invalid).toEqual([]);
}

describe("1 MiB adversarial texts, read whole, complete", () => {
  // Each of these took seconds at 16 KiB with the former patterns (the growth was
  // quadratic); 1 MiB would have taken hours. The test timeout is the bound: linear work
  // finishes in well under a second per text.
  const families: [string, string, number][] = [
    ["'sha' then spaces", mebibyteOf(" ", "z").replace(/^ {3}/, "sha"), 0],
    ["'commit:' then tabs", `commit:${mebibyteOf("\t", "x").slice(7)}`, 0],
    ["a URL then dots", `https://a.test/x${mebibyteOf(".", "a").slice(16)}`, 1],
    ["a closing word then spaces", `Fixes${mebibyteOf(" ", "x ENG-1").slice(5)}`, 1],
    ["a list gap of spaces", `Fixes ENG-1 ,${mebibyteOf(" ", "x ENG-2").slice(13)}`, 2],
    ["keywords that never reach a reference", mebibyteOf("fixes x ", " ENG-1"), 1],
    ["trailing slashes", `https://a.test/${mebibyteOf("/", "x").slice(15)}`, 1],
    ["identifier-like runs", mebibyteOf("ABCDEFG-1234567890"), 0],
    ["owner/repo-like runs", mebibyteOf(`a/${"b".repeat(100)}`), 0],
    ["hex runs", mebibyteOf("0123456789abcdef"), 0],
    ["bare numbers, one key", mebibyteOf("#7 "), 1],
    ["open brackets and markup", mebibyteOf("[*_`("), 0],
  ];
  it.each(families)("%s", (_name, text, expected) => {
    expect(text).toHaveLength(MIB);
    const refs = extractReferences(text, readAll);
    expect(refs).toHaveLength(expected);
    expectValid(refs);
  });

  it("40,000 distinct URLs, each found", () => {
    const urls = Array.from({ length: 40_000 }, (_, index) => `https://e.test/p/${index}`);
    const text = urls.join("   ");
    expect(text.length).toBeLessThanOrEqual(MIB);
    const refs = extractReferences(text, readAll);
    expect(refs).toHaveLength(urls.length);
    expect(refs[urls.length - 1]!.key).toBe(CorrelationKeys.url(urls.at(-1)!));
    expectValid(refs);
  });

  it("a list of 80,000 identifiers after one closing word, each closed", () => {
    const ids = Array.from({ length: 80_000 }, (_, index) => `ENG-${index + 1}`);
    const text = `Fixes ${ids.join(", ")}`;
    expect(text.length).toBeLessThanOrEqual(MIB);
    const refs = extractReferences(text, readAll);
    expect(refs).toHaveLength(ids.length);
    expect(refs.every((ref) => ref.evidence === "closes")).toBe(true);
  });

  it("a 1 MiB branch name", () => {
    const refs = extractBranchReferences(`eng-1-${"é".repeat(MIB)}`, "acme/api");
    expect(refs.map((ref) => ref.key.slice(0, 26))).toEqual([
      "github:branch:acme/api:eng",
      "linear:issue:ENG-1",
    ]);
    expectValid(refs);
  });
});
