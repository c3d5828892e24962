import type { Evidence } from "../models/correlated-event";
import type { Span } from "./reference-span";
import { evidenceOfWord, isListGap, REFERENCE_WORD_PATTERN } from "./reference-words";

const WHITESPACE_RUN = /\s+/g;

/**
 * Finds closing and link-only words in `masked` and the references listed right after each
 * ("Fixes ENG-1, ENG-2 and #3"); returns the keyword evidence by index into `spans`, which
 * must be sorted by start (then longest first). The first keyword to reach a span wins.
 *
 * Linear: keywords come in text order, so the first span after each is found by a pointer
 * that only moves forward; each list gap is read once and only up to its first character
 * that cannot separate list items; and a list is never walked twice (a walk that reaches a
 * span an earlier walk passed through stops, as everything after it is assigned already).
 */
export function assignKeywords(text: string, masked: string, spans: Span[]): Map<number, Evidence> {
  const assigned = new Map<number, Evidence>();
  const walked = new Uint8Array(spans.length);
  let next = 0;
  for (const match of masked.matchAll(REFERENCE_WORD_PATTERN)) {
    const evidence = evidenceOfWord(match[1]!.replace(WHITESPACE_RUN, " "));
    let cursor = match.index + match[0].length;
    while (next < spans.length && spans[next]!.start < cursor) next += 1;
    let index = next;
    while (index < spans.length) {
      const span = spans[index]!;
      if (!isListGap(text, cursor, span.start)) break;
      if (walked[index]) break;
      walked[index] = 1;
      if (!assigned.has(index)) assigned.set(index, evidence);
      cursor = Math.max(cursor, span.end);
      index += 1;
      // Spans nested in the one just taken (a URL's own text) share its evidence.
      while (index < spans.length && spans[index]!.start < cursor) {
        if (!assigned.has(index)) assigned.set(index, evidence);
        index += 1;
      }
    }
  }
  return assigned;
}
