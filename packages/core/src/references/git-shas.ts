/** A sha found in text, with its position. */
export interface ShaMatch {
  /** Lower-cased hex. */
  sha: string;
  /** Offset of the first hex character. */
  start: number;
  /** Offset after the last hex character. */
  end: number;
}

const FULL_SHA = /(?<![0-9A-Za-z_])[0-9a-fA-F]{40}(?![0-9A-Za-z_])/g;
const SHORT_SHA_AFTER_WORD =
  /(?<![\p{L}\p{N}_-])(?:commits?|sha|revision|rev|hash)\s*[:#]?\s*`?([0-9a-fA-F]{7,39})`?(?![0-9A-Za-z_])/giu;

/**
 * Git shas in text: every full 40-hex sha, and short ones (7–39 hex) only where the words
 * before say it is one ("commit abc1234", "sha: abc1234", "rev `abc1234`"). A short sha
 * must contain a digit, so words like `defaced` are not read as shas.
 */
export function findShas(text: string): ShaMatch[] {
  const found: ShaMatch[] = [];
  for (const match of text.matchAll(FULL_SHA)) {
    found.push({ sha: match[0].toLowerCase(), start: match.index, end: match.index + 40 });
  }
  for (const match of text.matchAll(SHORT_SHA_AFTER_WORD)) {
    const sha = match[1]!;
    if (!/[0-9]/.test(sha)) continue;
    const start = match.index + match[0].indexOf(sha);
    found.push({ sha: sha.toLowerCase(), start, end: start + sha.length });
  }
  return found;
}

/** True for a full (40 hex) or short (7–39 hex) sha. */
export function isSha(value: string): boolean {
  return /^[0-9a-fA-F]{7,40}$/.test(value);
}
