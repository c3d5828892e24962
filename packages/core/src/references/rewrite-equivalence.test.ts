import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeParsedUrl } from "../keys/correlation-keys";
import { findUrls } from "./find-urls";
import { findShas } from "./git-shas";
import { isListGap, REFERENCE_WORD_PATTERN } from "./reference-words";

// The linear rewrites must read text exactly as the patterns they replaced did. The former
// patterns are the oracles here, on inputs short enough for their backtracking not to matter.

/** Strings over a small alphabet that reaches every branch of the grammar under test. */
const over = (alphabet: readonly string[], maxLength = 24) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((parts) => parts.join(""));

describe("linear rewrites agree with the patterns they replaced", () => {
  it("isListGap", () => {
    const formerListGap = (gap: string) =>
      /^\s*(?:,\s*(?:and\s+)?|&|\+|and\s)?\s*$/iu.test(gap.replace(/[*_`[\]()]/g, ""));
    const gap = over([" ", "\t", "\n", "\u3000", ",", "&", "+", "a", "n", "d", "A", "N", "D"]);
    const withMarkup = over([
      " ",
      ",",
      "and",
      "AND",
      "&",
      "+",
      "*",
      "_",
      "`",
      "[",
      "]",
      "(",
      ")",
      "x",
    ]);
    fc.assert(
      fc.property(fc.oneof(gap, withMarkup), (text) => {
        expect(isListGap(text)).toBe(formerListGap(text));
        expect(isListGap(`ab${text}cd`, 2, text.length + 2)).toBe(formerListGap(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("short shas after a word", () => {
    const formerShortSha =
      /(?<![\p{L}\p{N}_-])(?:commits?|sha|revision|rev|hash)\s*[:#]?\s*`?([0-9a-fA-F]{7,39})`?(?![0-9A-Za-z_])/giu;
    const former = (text: string) =>
      [...text.matchAll(formerShortSha)]
        .filter((match) => /[0-9]/.test(match[1]!))
        .map((match) => {
          const start = match.index + match[0].indexOf(match[1]!);
          return { sha: match[1]!.toLowerCase(), start, end: start + match[1]!.length };
        });
    const text = over([
      "sha",
      "commit",
      "s",
      "rev",
      " ",
      "\t",
      ":",
      "#",
      "`",
      "abc1234",
      "9",
      "x",
      "-",
      "é",
    ]);
    fc.assert(
      fc.property(text, (value) => {
        const short = findShas(value).filter((match) => match.end - match.start < 40);
        expect(short).toEqual(former(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it("closing and link-only words", () => {
    const former = new RegExp(
      REFERENCE_WORD_PATTERN.source.replace("\\s*(?::\\s*)?", "(?:\\s*:)?\\s*"),
      REFERENCE_WORD_PATTERN.flags,
    );
    expect(former.source).not.toBe(REFERENCE_WORD_PATTERN.source);
    const spans = (pattern: RegExp, text: string) =>
      [...text.matchAll(pattern)].map((match) => [match.index, match[0], match[1]]);
    const text = over([
      "fixes",
      "Part",
      "of",
      "refs",
      " ",
      "\n",
      ":",
      "the",
      "issue",
      "PRs",
      "x",
      "-",
    ]);
    fc.assert(
      fc.property(text, (value) => {
        expect(spans(REFERENCE_WORD_PATTERN, value)).toEqual(spans(former, value));
      }),
      { numRuns: 2_000 },
    );
  });

  it("URLs and their trailing punctuation", () => {
    const former = (text: string) =>
      [...text.matchAll(/https?:\/\/[^\s<>()[\]{}"'`|]+/gi)].map((match) => {
        const url = match[0].replace(/[.,;:!?*_~]+$/, "");
        return { url, start: match.index, end: match.index + url.length };
      });
    const text = over(["https://", "http://", "a", "/", ".", ",", "!", "~", "_", " ", "(", "é"]);
    fc.assert(
      fc.property(text, (value) => {
        const { urls, masked } = findUrls(value);
        expect(urls).toEqual(former(value));
        expect(masked).toHaveLength(value.length);
      }),
      { numRuns: 2_000 },
    );
  });

  it("URL paths without trailing slashes", () => {
    // Without a query or fragment: those are kept (normalized), see url-query.test.ts.
    const path = over(["/", "a", "%20", "."], 12);
    fc.assert(
      fc.property(path, (value) => {
        const parsed = new URL(`https://Example.COM/${value}`);
        const formerPath = parsed.pathname.replace(/\/+$/, "");
        expect(normalizeParsedUrl(parsed)).toBe(`https://example.com${formerPath}`);
      }),
      { numRuns: 1_000 },
    );
  });
});
