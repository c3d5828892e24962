/** The longest excerpt a reference carries (`eventRefSchema` allows 500 characters). */
const MAX_EXCERPT_LENGTH = 500;
/** Characters of context on each side of a match. */
const CONTEXT = 40;

const WHITESPACE_RUN = /\s+/g;
// NUL cannot be stored in PostgreSQL text or jsonb, nor can a lone surrogate in jsonb.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters to find.
const MAY_BE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters to find.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A short excerpt of `text` around `[start, end)` for humans reading a lineage: 40
 * characters either side, whitespace collapsed, `…` where text was left out, at most 500
 * characters, storable anywhere (NUL and lone surrogates become U+FFFD). Reads at most a
 * bounded window, however long the match.
 */
export function excerptAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - CONTEXT);
  // A match holds no whitespace, so a window of twice the excerpt length always yields a
  // full excerpt; reading more would only be cut away.
  const to = Math.min(text.length, end + CONTEXT, from + 2 * MAX_EXCERPT_LENGTH);
  const body = text.slice(from, to).replace(WHITESPACE_RUN, " ").trim();
  return clipExcerpt(`${from > 0 ? "…" : ""}${body}${to < text.length ? "…" : ""}`);
}

/** `text` as an excerpt: at most 500 characters (ending in `…` when cut), storable. */
export function clipExcerpt(text: string): string {
  let clipped = text;
  if (clipped.length > MAX_EXCERPT_LENGTH) {
    let cut = MAX_EXCERPT_LENGTH - 1;
    const code = clipped.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    clipped = `${clipped.slice(0, cut)}…`;
  }
  return MAY_BE_UNSTORABLE.test(clipped) ? clipped.replace(UNSTORABLE, "\uFFFD") : clipped;
}
