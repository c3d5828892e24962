import { isWhitespaceCode } from "./whitespace";

/**
 * How much of one field (a title, a body, a commit message, a Slack message) is read for
 * references: the first 65,536 characters (UTF-16 code units), 64 Ki. That is the longest
 * body GitHub accepts for an issue or pull request and more than Slack's 40,000-character
 * message limit, so real text is read whole; a longer field is read up to the last
 * whitespace before the limit, so a reference that straddles it is not read in part.
 * Extraction is linear in what it reads; the limit bounds the time one field can take.
 * Override per call with `maxScanLength`.
 */
export const MAX_REFERENCE_SCAN_LENGTH = 65_536;

/**
 * How many distinct references one field yields at most: 500, far above what a pull
 * request body or a commit message holds (a release note listing every merged pull
 * request is the largest real case seen). Keys past the limit are dropped, in text
 * order; a key already found still takes stronger evidence from later text. Each
 * reference becomes an index row and a correlation lookup, so this bounds what one
 * delivery costs downstream. Override per call with `maxReferences`.
 */
export const MAX_REFERENCES_PER_FIELD = 500;

/**
 * The part of `text` that is read: all of it when it fits in `maxLength` characters,
 * else up to the last whitespace before the limit (or exactly the limit, never inside a
 * surrogate pair, when the window holds no whitespace).
 */
export function scanWindow(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let cut = Math.max(0, Math.floor(maxLength));
  for (let index = cut - 1; index >= 0; index -= 1) {
    if (isWhitespaceCode(text.charCodeAt(index))) return text.slice(0, index);
  }
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut);
}
