import { CorrelationKeys } from "../keys/correlation-keys";
import type { EventRef } from "../models/correlated-event";
import { findBranchIdentifiers, type LinearIdentifierOptions } from "./linear-identifiers";

/** Options for {@link extractBranchReferences}. */
export interface ExtractBranchReferencesOptions extends LinearIdentifierOptions {
  /**
   * Also return the branch's own key (`github:branch:<repo>:<branch>`) as a ref, default
   * true. A pull request refers to its head branch; a push *is* the branch, so its adapter
   * puts the branch key in `keys` and passes `false` here.
   */
  includeBranchKey?: boolean;
  /** Stored as each ref's `field` (default `branch`). */
  field?: string;
}

/**
 * References a branch name carries, all with evidence `branch`: the Linear issues named in
 * it (`eng-123-fix-login`, `feature/ENG-123`, `user/eng-123`; see `findBranchIdentifiers`)
 * and, unless disabled, the branch itself in `repository`.
 *
 * @example extractBranchReferences("eng-123-fix-login", "acme/api")
 * // [{ key: "github:branch:acme/api:eng-123-fix-login", evidence: "branch", … },
 * //  { key: "linear:issue:ENG-123", evidence: "branch", … }]
 */
export function extractBranchReferences(
  branch: string,
  repository: string,
  options: ExtractBranchReferencesOptions = {},
): EventRef[] {
  const name = branch.trim().replace(/^refs\/heads\//, "");
  if (!name) return [];
  const field = options.field ?? "branch";
  const refs: EventRef[] = [];
  if (options.includeBranchKey !== false) {
    refs.push({
      key: CorrelationKeys.githubBranch(repository, name),
      evidence: "branch",
      field,
      excerpt: name,
    });
  }
  for (const identifier of findBranchIdentifiers(name, options)) {
    refs.push({
      key: CorrelationKeys.linearIssue(identifier),
      evidence: "branch",
      field,
      excerpt: name,
    });
  }
  return refs;
}
