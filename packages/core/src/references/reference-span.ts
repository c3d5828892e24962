import type { Evidence } from "../models/correlated-event";

/** One key a matched span yields; `fixed` evidence (a sha) ignores keywords. */
export interface SpanKey {
  key: string;
  evidence: Evidence | "plain";
  fixed?: boolean;
}

/** A matched piece of text and the keys it yields. */
export interface Span {
  start: number;
  end: number;
  keys: SpanKey[];
  /** Counts only right after a closing or link-only word (lower-case identifier). */
  needsKeyword: boolean;
}

/** A span whose one key is a plain mention. */
export function plainSpan(start: number, length: number, key: string): Span {
  return { start, end: start + length, keys: [{ key, evidence: "plain" }], needsKeyword: false };
}

/** A key found through a URL (evidence `url`). */
export function urlKey(key: string): SpanKey {
  return { key, evidence: "url" };
}

/** A sha key: evidence `sha`, whatever word comes before it. */
export function shaKey(key: string): SpanKey {
  return { key, evidence: "sha", fixed: true };
}
