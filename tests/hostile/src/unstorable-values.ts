import type { TimeFormat } from "./field-targets";
import { Labeled } from "./labeled";
import { deepArray, type RawJson } from "./raw-json";

/**
 * Text a JSON parser accepts and a database may not: NUL (PostgreSQL text and jsonb
 * refuse it) and lone UTF-16 surrogates (jsonb refuses `\ud800`; UTF-8 cannot encode it).
 */
export const UNSTORABLE_TEXTS: readonly Labeled<string>[] = [
  new Labeled("text with NUL (\\u0000)", "before\u0000after"),
  new Labeled("only NUL", "\u0000"),
  new Labeled("text with a lone high surrogate (\\ud800)", "before\ud800after"),
  new Labeled("text with a lone low surrogate (\\udc00)", "\udc00 at the start"),
];

/**
 * Branch names of 1,000 characters that are not ASCII: 2,000 to 4,000 bytes in UTF-8,
 * over the size of a PostgreSQL index entry once in a correlation key.
 */
export const LONG_BRANCH_NAMES: readonly Labeled<string>[] = [
  new Labeled('1,000 × "é" (branch)', "é".repeat(1000)),
  new Labeled('500 × "分支" (branch)', "分支".repeat(500)),
  new Labeled('500 × "🔥" (branch, 1,000 UTF-16 units)', "🔥".repeat(500)),
  new Labeled('"eng-123-" + 992 × "ü" (branch naming an issue)', `eng-123-${"ü".repeat(992)}`),
];

/**
 * URLs of 520 characters, mostly not ASCII: percent-encoded they grow to over 3,000
 * bytes, over the size of a PostgreSQL index entry once in a `url:` key.
 */
export const LONG_URLS: readonly Labeled<string>[] = [
  new Labeled('https://example.com/ + 500 × "é"', `https://example.com/${"é".repeat(500)}`),
  new Labeled(
    'https://github.com/acme/api/pull/42? + 484 × "ж"',
    `https://github.com/acme/api/pull/42?${"ж".repeat(484)}`,
  ),
  new Labeled(
    'https://linear.app/acme/issue/ENG-1/ + 484 × "数"',
    `https://linear.app/acme/issue/ENG-1/${"数".repeat(484)}`,
  ),
];

/**
 * Timestamps no calendar or database can hold: past JavaScript's `Date` range
 * (±275,760 years), year 0 and before (PostgreSQL has no year 0), and impossible days.
 */
export const IMPOSSIBLE_TIMES: Readonly<Record<TimeFormat, readonly Labeled<unknown>[]>> = {
  iso: [
    new Labeled("+275760-09-13T00:00:00.001Z", "+275760-09-13T00:00:00.001Z"),
    new Labeled("0000-01-01T00:00:00Z (year 0)", "0000-01-01T00:00:00Z"),
    new Labeled("-000001-01-01T00:00:00Z", "-000001-01-01T00:00:00Z"),
    new Labeled("2024-02-30T25:61:61Z", "2024-02-30T25:61:61Z"),
    new Labeled("294277-01-01T00:00:00Z (past PostgreSQL)", "+294277-01-01T00:00:00Z"),
  ],
  "epoch-seconds": [
    new Labeled("8.64e12 s (past Date)", 8.64e12),
    new Labeled("-62198755200 s (year 0)", -62_198_755_200),
    new Labeled("1e308 s", 1e308),
  ],
  "slack-ts": [
    new Labeled('"99999999999999.000000"', "99999999999999.000000"),
    new Labeled('"-62198755200.000000" (year 0)', "-62198755200.000000"),
    new Labeled('"1e308"', "1e308"),
  ],
};

/** A 100,000-deep array: valid JSON that breaks every recursive reader and writer. */
export const DEEP_ARRAY: Labeled<RawJson> = new Labeled("array 100,000 deep", deepArray(100_000));
