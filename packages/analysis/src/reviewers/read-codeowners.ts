import type { GitHubClient } from "@contexten/github";
import { readFileAt } from "../pull-request/read-pull-request";
import {
  CODEOWNERS_LOCATIONS,
  type CodeownersRule,
  ownerRuleFor,
  parseCodeowners,
} from "./codeowners";

/** The CODEOWNERS file GitHub uses at `ref` (the first of its locations that exists). */
export async function readCodeowners(
  client: GitHubClient,
  repository: string,
  ref: string,
): Promise<{ path: string; rules: CodeownersRule[] } | undefined> {
  for (const path of CODEOWNERS_LOCATIONS) {
    const content = await readFileAt(client, repository, path, ref);
    if (content !== undefined) return { path, rules: parseCodeowners(content) };
  }
  return undefined;
}

/** One owner (`@login`, `@org/team` or an email) of some paths, by the rule that decides them. */
export interface PathOwnership {
  /** The owner as written in CODEOWNERS. */
  owner: string;
  /** The deciding rule (the last matching one). */
  rule: CodeownersRule;
  /** The paths it owns, in the order given. */
  paths: string[];
}

/** Who owns `paths`, grouped by owner and deciding rule, in order of first appearance. */
export function ownersOfPaths(
  rules: readonly CodeownersRule[],
  paths: readonly string[],
): PathOwnership[] {
  const owned = new Map<string, PathOwnership>();
  for (const path of new Set(paths)) {
    const rule = ownerRuleFor(rules, path);
    if (!rule) continue;
    for (const owner of rule.owners) {
      const key = `${owner}\u0000${rule.line}`;
      const entry = owned.get(key) ?? { owner, rule, paths: [] };
      entry.paths.push(path);
      owned.set(key, entry);
    }
  }
  return [...owned.values()];
}
