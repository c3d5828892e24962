import ignore, { type Ignore } from "ignore";

/** One rule of a CODEOWNERS file. */
export interface CodeownersRule {
  /** The pattern as written. */
  pattern: string;
  /** Owners: `@login`, `@org/team` or an email. */
  owners: string[];
  /** 1-based line in the file. */
  line: number;
  /** The compiled pattern (an `ignore` matcher). */
  matcher: Ignore;
}

/** Where GitHub looks for CODEOWNERS, in the order it looks. */
export const CODEOWNERS_LOCATIONS = [
  ".github/CODEOWNERS",
  "CODEOWNERS",
  "docs/CODEOWNERS",
] as const;

/**
 * Parses a CODEOWNERS file. Patterns follow gitignore rules (matched with the `ignore`
 * package), except what GitHub does not support: `!` negation and `[ ]` ranges make a
 * line invalid, and GitHub skips invalid lines. `\#` escapes a leading `#`.
 */
export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) return;
    const [pattern, ...owners] = line.split(/\s+/);
    if (!pattern || pattern.startsWith("!") || /\[.*\]/.test(pattern)) return;
    const unescaped = pattern.replace(/^\\#/, "#");
    rules.push({ pattern, owners, line: index + 1, matcher: ignore().add(unescaped) });
  });
  return rules;
}

/** The rule that decides a path's owners: the last matching one, as on GitHub. */
export function ownerRuleFor(
  rules: readonly CodeownersRule[],
  path: string,
): CodeownersRule | undefined {
  for (let index = rules.length - 1; index >= 0; index -= 1) {
    const rule = rules[index]!;
    if (rule.matcher.ignores(path)) return rule;
  }
  return undefined;
}
