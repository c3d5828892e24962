import type { Evidence } from "../models/correlated-event";
import { isWhitespaceCode } from "./whitespace";

/**
 * Closing words, in every tense: a reference right after one of these closes the issue
 * when the change ships ("Fixes ENG-123", "closes #42"). Matched case-insensitively.
 */
export const CLOSING_WORDS: readonly string[] = [
  "close",
  "closes",
  "closed",
  "closing",
  "fix",
  "fixes",
  "fixed",
  "fixing",
  "resolve",
  "resolves",
  "resolved",
  "resolving",
  "complete",
  "completes",
  "completed",
  "completing",
  "implement",
  "implements",
  "implemented",
  "implementing",
];

/**
 * Link-only words: a reference after one of these links without closing
 * ("refs ENG-123", "part of ENG-123"). Matched case-insensitively.
 */
export const LINK_ONLY_WORDS: readonly string[] = [
  "ref",
  "refs",
  "reference",
  "references",
  "part of",
  "towards",
  "related to",
  "relates to",
  "contributes to",
];

const asAlternatives = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/ /g, "\\s+"))
    .join("|");

/**
 * A closing or link-only word, then an optional `:` and spacing, ending where the first
 * reference may start. Group 1 is the word. The spacing is `\s*` then an optional `:`
 * with its own spacing, never two optional whitespace runs side by side.
 */
export const REFERENCE_WORD_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}_-])(${asAlternatives(CLOSING_WORDS)}|${asAlternatives(LINK_ONLY_WORDS)})` +
    `\\s*(?::\\s*)?(?:(?:the\\s+)?(?:issues?|tickets?|pull\\s+requests?|PRs?)\\s+)?`,
  "giu",
);

const closing = new Set(CLOSING_WORDS);

/** `closes` for a closing word, `mentions` for a link-only word. */
export function evidenceOfWord(word: string): Evidence {
  return closing.has(word.toLowerCase()) ? "closes" : "mentions";
}

/** Markdown emphasis, code and link brackets (`*_\`[]()`), which a list gap may hold anywhere. */
function isMarkup(code: number): boolean {
  return (
    code === 0x2a ||
    code === 0x5f ||
    code === 0x60 ||
    code === 0x5b ||
    code === 0x5d ||
    code === 0x28 ||
    code === 0x29
  );
}

// Where isListGap is in a gap (markup skipped).
/** Leading spacing: a separator, `and`, or the end may follow. */
const START = 0;
/** After a comma: spacing, then `and` or the end. */
const COMMA = 1;
/** Inside `and` (alone or after a comma): after `a`, `an`, `and`. */
const A = 2;
const AN = 3;
const AND = 4;
/** Trailing spacing: only spacing or the end may follow. */
const TRAILING = 5;

/**
 * True when the text between two references only separates list items: "ENG-1, ENG-2 and
 * ENG-3", "#1 & #2". Markdown emphasis and link brackets are ignored, so
 * "Fixes [ENG-1](https://linear.app/…)" reads as one list. Reads `text` from `from` to `to`
 * (the whole string by default) without copying it, and stops at the first character that
 * cannot be in a list gap, so checking a long gap costs no more than its list-like start.
 *
 * The gap, markup removed, is spacing with at most one separator: `,` (optionally followed
 * by `and` and spacing), `&`, `+`, or `and` followed by spacing.
 */
export function isListGap(text: string, from = 0, to = text.length): boolean {
  let state = START;
  for (let index = from; index < to; index += 1) {
    const code = text.charCodeAt(index);
    if (isMarkup(code)) continue;
    const space = isWhitespaceCode(code);
    // ASCII letters in lower case; any other character stays distinct from a, n and d.
    const letter = code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
    switch (state) {
      case START:
        if (space) break;
        if (code === 0x2c) state = COMMA;
        else if (code === 0x26 || code === 0x2b) state = TRAILING;
        else if (letter === 0x61) state = A;
        else return false;
        break;
      case COMMA:
        if (space) break;
        if (letter !== 0x61) return false;
        state = A;
        break;
      case A:
        if (letter !== 0x6e) return false;
        state = AN;
        break;
      case AN:
        if (letter !== 0x64) return false;
        state = AND;
        break;
      case AND:
        if (!space) return false;
        state = TRAILING;
        break;
      case TRAILING:
        if (!space) return false;
        break;
    }
  }
  // `and` must be followed by spacing; every other state may end the gap.
  return state !== A && state !== AN && state !== AND;
}
