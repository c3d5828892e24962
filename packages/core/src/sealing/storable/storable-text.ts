/** What replaces a character a store cannot keep: U+FFFD REPLACEMENT CHARACTER. */
export const REPLACEMENT_CHARACTER = "\uFFFD";

/** A lone (unpaired) UTF-16 surrogate; in `u` mode a valid pair is one code point. */
const LONE_SURROGATES = /\p{Cs}/gu;

type WellFormedCheck = (text: string) => boolean;

// `String.prototype.isWellFormed` (Node 20+) is a native scan; the regex is the fallback
// for runtimes without it. Neither is in TypeScript's ES2023 library yet.
const isWellFormed: WellFormedCheck =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !new RegExp(LONE_SURROGATES.source, "u").test(text);

/** Whether a string has no lone surrogate (every surrogate is half of a valid pair). */
export function isWellFormedText(text: string): boolean {
  return isWellFormed(text);
}

/**
 * Whether a string holds something PostgreSQL cannot store in `text` or `jsonb`: a NUL
 * character, or a lone surrogate (which has no UTF-8 encoding; drivers would silently
 * turn it into U+FFFD, so different stores would keep different data).
 */
export function needsTextRepair(text: string): boolean {
  return text.includes("\u0000") || !isWellFormed(text);
}

/** Replacements made in some text, counted by kind. */
export interface TextReplacements {
  /** NUL characters replaced. */
  nul: number;
  /** Lone surrogates replaced. */
  surrogates: number;
}

/**
 * `text` with every NUL character and every lone surrogate replaced by U+FFFD, adding
 * what it replaced to `tally`. Returns `text` itself when there is nothing to replace.
 */
export function repairText(text: string, tally: TextReplacements): string {
  if (!needsTextRepair(text)) return text;
  let repaired = text;
  if (repaired.includes("\u0000")) {
    const parts = repaired.split("\u0000");
    tally.nul += parts.length - 1;
    repaired = parts.join(REPLACEMENT_CHARACTER);
  }
  if (!isWellFormed(repaired)) {
    repaired = repaired.replace(LONE_SURROGATES, () => {
      tally.surrogates += 1;
      return REPLACEMENT_CHARACTER;
    });
  }
  return repaired;
}

function plural(count: number, singular: string): string {
  return `${count.toLocaleString("en-US")} ${singular}${count === 1 ? "" : "s"}`;
}

/**
 * The note for replacements in one field, e.g. `payload: 2 NUL characters replaced with
 * U+FFFD`; `undefined` when nothing was replaced.
 */
export function describeReplacements(path: string, tally: TextReplacements): string | undefined {
  const parts: string[] = [];
  if (tally.nul > 0) parts.push(plural(tally.nul, "NUL character"));
  if (tally.surrogates > 0) parts.push(plural(tally.surrogates, "lone surrogate"));
  if (parts.length === 0) return undefined;
  return `${path}: ${parts.join(" and ")} replaced with U+FFFD`;
}

/** A short, storable rendering of a value for a note (at most about 100 characters). */
export function describeValue(value: unknown): string {
  let text: string;
  if (value instanceof Date) {
    text = Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  } else if (typeof value === "string") {
    text = JSON.stringify(value);
  } else {
    try {
      text = String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  if (text.length > 100) text = `${text.slice(0, 100)}…`;
  return repairText(text, { nul: 0, surrogates: 0 });
}
