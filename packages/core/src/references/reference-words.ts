import type { Evidence } from "../models/correlated-event";

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
 * reference may start. Group 1 is the word.
 */
export const REFERENCE_WORD_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}_-])(${asAlternatives(CLOSING_WORDS)}|${asAlternatives(LINK_ONLY_WORDS)})` +
    `(?:\\s*:)?\\s*(?:(?:the\\s+)?(?:issues?|tickets?|pull\\s+requests?|PRs?)\\s+)?`,
  "giu",
);

const closing = new Set(CLOSING_WORDS);

/** `closes` for a closing word, `mentions` for a link-only word. */
export function evidenceOfWord(word: string): Evidence {
  return closing.has(word.toLowerCase()) ? "closes" : "mentions";
}

/**
 * True when `gap`, the text between two references, only separates list items:
 * "ENG-1, ENG-2 and ENG-3", "#1 & #2". Markdown emphasis and link brackets are ignored, so
 * "Fixes [ENG-1](https://linear.app/…)" reads as one list.
 */
export function isListGap(gap: string): boolean {
  return /^\s*(?:,\s*(?:and\s+)?|&|\+|and\s)?\s*$/iu.test(gap.replace(/[*_`[\]()]/g, ""));
}
