import { CorrelationKeys } from "../keys/correlation-keys";
import type { EventRef } from "../models/correlated-event";
import { clipExcerpt } from "./excerpt";
import { findBranchIdentifiers, type LinearIdentifierOptions } from "./linear-identifiers";
import { MAX_REFERENCES_PER_FIELD } from "./reference-limits";

/** Options for {@link extractBranchReferences}. */
export interface ExtractBranchReferencesOptions extends LinearIdentifierOptions {
  /**
   * Also return the branch's own key (`github:branch:<repo>:<branch>`) as a ref, default
   * true. A pull request refers to its head branch; a push *is* the branch, so its adapter
   * puts the branch key in `keys` and passes `false` here.
   */
  includeBranchKey?: boolean | undefined;
  /** Stored as each ref's `field` (default `branch`). */
  field?: string | undefined;
}

/**
 * References a branch name carries, all with evidence `branch`: the Linear issues named in
 * it (`eng-123-fix-login`, `feature/ENG-123`, `user/eng-123`; see `findBranchIdentifiers`)
 * and, unless disabled, the branch itself in `repository`. Linear in the branch name's
 * length; at most `MAX_REFERENCES_PER_FIELD` references. A branch name too long for a key
 * gives a shortened key (see `CorrelationKeys.githubBranch`) and a clipped excerpt.
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
  const excerpt = clipExcerpt(name);
  const refs: EventRef[] = [];
  if (options.includeBranchKey !== false) {
    refs.push({
      key: CorrelationKeys.githubBranch(repository, name),
      evidence: "branch",
      field,
      excerpt,
    });
  }
  for (const identifier of findBranchIdentifiers(name, options)) {
    if (refs.length >= MAX_REFERENCES_PER_FIELD) break;
    refs.push({
      key: CorrelationKeys.linearIssue(identifier),
      evidence: "branch",
      field,
      excerpt,
    });
  }
  return refs;
}
