/**
 * Linear issue identifiers (`ENG-123`): a team key, a dash and the issue number.
 *
 * The rule, chosen to find real identifiers without reading `UTF-8` or `SHA-256` as one:
 *
 * - A team key is 1–7 letters; the number has no leading zero and at most 9 digits.
 * - When a known team list is given (`teams`), an identifier matches, in any case, exactly
 *   when its team key is in the list (keys in the list may contain digits).
 * - Otherwise an identifier matches when its team key is not one of
 *   {@link NON_TEAM_KEYS} (standards, algorithms and branch-type words such as `UTF`,
 *   `SHA`, `ISO`, `RFC`, `fix`, `release`). In free text it must also be upper-case
 *   (`ENG-123`); lower-case `eng-123` counts only where the context says it is an issue:
 *   after a closing or link-only word ("fixes eng-123"), in a branch name, in a Linear URL.
 */

/** Team-key look-alikes that are never read as Linear teams unless listed in `teams`. */
export const NON_TEAM_KEYS: ReadonlySet<string> = new Set([
  // Standards, encodings, algorithms and versions that look like KEY-123.
  "UTF",
  "UCS",
  "SHA",
  "MD",
  "ISO",
  "IEC",
  "IEEE",
  "RFC",
  "CVE",
  "CWE",
  "GHSA",
  "ECMA",
  "ES",
  "HTTP",
  "HTTPS",
  "TLS",
  "SSL",
  "AES",
  "RSA",
  "IP",
  "IPV",
  "TCP",
  "UDP",
  "PEP",
  "JSR",
  "JEP",
  "KB",
  "CP",
  "WIN",
  "ARM",
  "COVID",
  "GPT",
  "PCI",
  "FIPS",
  "ANSI",
  "ASCII",
  "BASE",
  "LTS",
  "X",
  "H",
  "GH",
  "PR",
  // Branch-type prefixes: `release-2024`, `fix-123`, `v-2`.
  "FIX",
  "FEAT",
  "FEATURE",
  "BUGFIX",
  "HOTFIX",
  "RELEASE",
  "CHORE",
  "REVERT",
  "PATCH",
  "BUMP",
  "VERSION",
  "WIP",
  "DEPS",
  "DOCS",
  "TEST",
  "BUILD",
  "CI",
  "V",
]);

/** Options shared by the Linear identifier helpers. */
export interface LinearIdentifierOptions {
  /**
   * Known team keys (`["ENG", "DES"]`). When given, only these teams match, in any case,
   * and {@link NON_TEAM_KEYS} no longer applies.
   */
  teams?: readonly string[] | undefined;
}

const SHAPE = /^([A-Za-z][A-Za-z0-9]{0,6})-([1-9][0-9]{0,8})$/;

/** Where an identifier was seen; decides whether a lower-case one counts. */
export type IdentifierContext = "text" | "keyword" | "branch" | "url";

/**
 * Normalizes `candidate` (`eng-123`) to `ENG-123` when it is a Linear identifier under the
 * rule above in the given context, or returns `undefined`.
 *
 * @example parseLinearIdentifier("ENG-123") // "ENG-123"
 * @example parseLinearIdentifier("UTF-8") // undefined
 * @example parseLinearIdentifier("eng-123", {}, "branch") // "ENG-123"
 */
export function parseLinearIdentifier(
  candidate: string,
  options: LinearIdentifierOptions = {},
  context: IdentifierContext = "text",
): string | undefined {
  const match = SHAPE.exec(candidate);
  if (!match) return undefined;
  const team = match[1]!;
  const upper = team.toUpperCase();
  if (options.teams) {
    return teamSet(options.teams).has(upper) ? `${upper}-${match[2]}` : undefined;
  }
  if (!/^[A-Za-z]+$/.test(team) || NON_TEAM_KEYS.has(upper)) return undefined;
  if (context === "text" && team !== upper) return undefined;
  return `${upper}-${match[2]}`;
}

const teamSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function teamSet(teams: readonly string[]): ReadonlySet<string> {
  let set = teamSets.get(teams);
  if (!set) {
    set = new Set(teams.map((team) => team.trim().toUpperCase()));
    teamSets.set(teams, set);
  }
  return set;
}

/** An identifier found in text, with its position. */
export interface IdentifierMatch {
  /** Normalized identifier, e.g. `ENG-123`. */
  identifier: string;
  /** Offset of the first character. */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** True when only a closing or link-only word before it makes it count (lower case). */
  needsKeyword: boolean;
}

/**
 * An identifier-shaped token in free text: not inside a word, a path segment such as
 * `a.b-1`, or an anchor (`#x-1`, `@x-1`); not followed by more word characters or a
 * version tail (`Python-3.11`). Every quantifier is bounded, so an attempt costs a constant.
 */
export const IDENTIFIER_IN_TEXT_PATTERN =
  /(?<![A-Za-z0-9_.#@$-])([A-Za-z][A-Za-z0-9]{0,6}-[1-9][0-9]{0,8})(?![A-Za-z0-9_]|\.[0-9])/g;

/**
 * Every identifier-shaped token in `text`. Tokens that count only after a keyword
 * (lower-case, no team list) are returned with `needsKeyword: true`.
 */
export function findLinearIdentifiers(
  text: string,
  options: LinearIdentifierOptions = {},
): IdentifierMatch[] {
  const found: IdentifierMatch[] = [];
  for (const match of text.matchAll(IDENTIFIER_IN_TEXT_PATTERN)) {
    const token = match[1]!;
    const start = match.index;
    const strict = parseLinearIdentifier(token, options, "text");
    if (strict) {
      found.push({ identifier: strict, start, end: start + token.length, needsKeyword: false });
      continue;
    }
    const loose = parseLinearIdentifier(token, options, "keyword");
    if (loose) {
      found.push({ identifier: loose, start, end: start + token.length, needsKeyword: true });
    }
  }
  return found;
}

/** An identifier opening a branch segment; ends at a separator, not a version tail (`zod-4.1.0`). */
export const BRANCH_ID_PATTERN =
  /^([A-Za-z][A-Za-z0-9]{0,6}-[1-9][0-9]{0,8})(?=$|[-_]|\.(?![0-9]))/;
/** An identifier anywhere between separators of a branch segment (with a team list). */
export const ANYWHERE_IN_SEGMENT_PATTERN =
  /(?:^|[-_.])([A-Za-z][A-Za-z0-9]{0,6}-[1-9][0-9]{0,8})(?=$|[-_]|\.(?![0-9]))/g;
// Dependency bots name packages and versions, never issues.
const BOT_BRANCH = /^(?:dependabot|renovate)\//;

/**
 * Linear identifiers in a branch name, in any case: `eng-123-fix-login`, `feature/ENG-123`,
 * `user/eng-123`. Without a team list the identifier must open a `/`-separated segment,
 * so `fix-login-123` is not read as `LOGIN-123`; with a team list it may appear anywhere
 * between separators (`fix-eng-123` finds `ENG-123` when `ENG` is listed). Version tails
 * (`zod-4.1.0`) and dependency-bot branches (`dependabot/…`, `renovate/…`) never match.
 */
export function findBranchIdentifiers(
  branch: string,
  options: LinearIdentifierOptions = {},
): string[] {
  const found = new Set<string>();
  const name = branch.replace(/^refs\/heads\//, "");
  if (BOT_BRANCH.test(name)) return [];
  for (const segment of name.split("/")) {
    if (options.teams) {
      for (const match of segment.matchAll(ANYWHERE_IN_SEGMENT_PATTERN)) {
        const identifier = parseLinearIdentifier(match[1]!, options, "branch");
        if (identifier) found.add(identifier);
      }
      continue;
    }
    const match = BRANCH_ID_PATTERN.exec(segment);
    const identifier = match ? parseLinearIdentifier(match[1]!, options, "branch") : undefined;
    if (identifier) found.add(identifier);
  }
  return [...found];
}
