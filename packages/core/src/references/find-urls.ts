/** An http(s) URL found in text, trailing punctuation left out. */
export interface UrlMatch {
  url: string;
  /** Offset of the `h` of `http`. */
  start: number;
  /** Offset after the URL's last character. */
  end: number;
}

/**
 * An http(s) URL: the scheme, then everything up to whitespace or a delimiter. Linear: the
 * run is one greedy class with nothing after it to backtrack into.
 */
export const URL_PATTERN = /https?:\/\/[^\s<>()[\]{}"'`|]+/gi;

/** Stands in for every character of a URL in the masked text. */
export const URL_PLACEHOLDER = "\u0001";

/** Sentence punctuation that ends a URL in prose ("see https://x.test/a."), never part of it. */
const TRAILING_PUNCTUATION = new Set([".", ",", ";", ":", "!", "?", "*", "_", "~"]);

/**
 * Every URL in `text`, and the text with each URL's characters replaced by
 * {@link URL_PLACEHOLDER}, so that other patterns never match inside a URL. One pass: the
 * masked text is assembled from pieces once, not rebuilt per URL.
 */
export function findUrls(text: string): { urls: UrlMatch[]; masked: string } {
  const urls: UrlMatch[] = [];
  const pieces: string[] = [];
  let copied = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    let end = start + match[0].length;
    // Trim trailing punctuation by walking back over it: each character is looked at once,
    // where /[.,;:!?*_~]+$/ would rescan the run from every position in it.
    while (end > start && TRAILING_PUNCTUATION.has(text[end - 1]!)) end -= 1;
    urls.push({ url: text.slice(start, end), start, end });
    pieces.push(text.slice(copied, start), URL_PLACEHOLDER.repeat(end - start));
    copied = end;
  }
  if (urls.length === 0) return { urls, masked: text };
  pieces.push(text.slice(copied));
  return { urls, masked: pieces.join("") };
}
