/** A sha found in text, with its position. */
export interface ShaMatch {
  /** Lower-cased hex. */
  sha: string;
  /** Offset of the first hex character. */
  start: number;
  /** Offset after the last hex character. */
  end: number;
}

/** A full sha: exactly 40 hex characters, not inside a longer word. */
export const FULL_SHA_PATTERN = /(?<![0-9A-Za-z_])[0-9a-fA-F]{40}(?![0-9A-Za-z_])/g;
/**
 * A short sha after a word that says it is one. The spacing is `\s*` then an optional
 * `:` or `#` with its own spacing: two optional whitespace runs side by side would split
 * a long run of spaces every possible way before failing.
 */
export const SHORT_SHA_PATTERN =
  /(?<![\p{L}\p{N}_-])(?:commits?|sha|revision|rev|hash)\s*(?:[:#]\s*)?`?([0-9a-fA-F]{7,39})`?(?![0-9A-Za-z_])/giu;
const DIGIT = /[0-9]/;

/**
 * Git shas in text: every full 40-hex sha, and short ones (7–39 hex) only where the words
 * before say it is one ("commit abc1234", "sha: abc1234", "rev `abc1234`"). A short sha
 * must contain a digit, so words like `defaced` are not read as shas. Linear in the
 * length of `text`.
 */
export function findShas(text: string): ShaMatch[] {
  const found: ShaMatch[] = [];
  for (const match of text.matchAll(FULL_SHA_PATTERN)) {
    found.push({ sha: match[0].toLowerCase(), start: match.index, end: match.index + 40 });
  }
  for (const match of text.matchAll(SHORT_SHA_PATTERN)) {
    const sha = match[1]!;
    if (!DIGIT.test(sha)) continue;
    // The sha ends the match, but for a closing backtick.
    const end = match.index + match[0].length - (match[0].endsWith("`") ? 1 : 0);
    found.push({ sha: sha.toLowerCase(), start: end - sha.length, end });
  }
  return found;
}

/** True for a full (40 hex) or short (7–39 hex) sha. */
export function isSha(value: string): boolean {
  return /^[0-9a-fA-F]{7,40}$/.test(value);
}
