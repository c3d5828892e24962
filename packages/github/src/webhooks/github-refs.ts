import { CorrelationKeys, type EventRef, type Evidence } from "@contexten/core";
import {
  extractBranchReferences,
  extractReferences,
  readArray,
  readNumber,
  readString,
} from "@contexten/core/adapter";
import { extractionOptions, type NormalizeInput } from "./normalize-input";

const SHA = /^[0-9a-f]{7,40}$/i;
const ZERO_SHA = /^0+$/;

/** `owner/repo` of the payload's repository. */
export function repositoryOf(payload: unknown): string | undefined {
  return readString(payload, "repository", "full_name");
}

/** `owner/repo` from an API URL such as `https://api.github.com/repos/acme/api`. */
export function repositoryFromApiUrl(url: string | undefined): string | undefined {
  return url ? /\/repos\/([^/]+\/[^/?#]+)/.exec(url)?.[1] : undefined;
}

/** The keys of a commit sha (full and 7-character), none for a non-sha or the zero sha. */
export function shaKeys(sha: string | undefined): string[] {
  return sha && SHA.test(sha) && !ZERO_SHA.test(sha) ? CorrelationKeys.gitShaKeys(sha) : [];
}

/** Refs for a commit sha (full and 7-character keys), evidence `sha`. */
export function shaRefs(sha: string | undefined, field: string): EventRef[] {
  return shaKeys(sha).map((key) => ({ key, evidence: "sha" as const, field }));
}

/**
 * Refs to the pull requests a CI object lists (`pull_requests`), evidence `attachment`;
 * entries that are not objects with a numeric `number` are skipped.
 */
export function linkedPullRequestRefs(
  pullRequests: unknown,
  repository: string,
  field: string,
): EventRef[] {
  const refs: EventRef[] = [];
  for (const [index, pullRequest] of readArray(pullRequests).entries()) {
    const number = readNumber(pullRequest, "number");
    if (number === undefined) continue;
    const base = repositoryFromApiUrl(readString(pullRequest, "base", "repo", "url")) ?? repository;
    refs.push({
      key: CorrelationKeys.githubPullRequest(base, number),
      evidence: "attachment",
      field: `${field}[${index}]`,
    });
  }
  return refs;
}

/** Refs a branch name carries (the branch itself unless `includeBranchKey: false`, its Linear issues). */
export function branchRefs(
  input: NormalizeInput,
  branch: string | undefined,
  repository: string,
  options: { field: string; includeBranchKey?: boolean },
): EventRef[] {
  return branch
    ? extractBranchReferences(branch, repository, {
        ...extractionOptions(input.references),
        ...options,
      })
    : [];
}

/**
 * References in free text (a title, body, comment or commit message), through core's
 * `extractReferences`. `closing: false` turns `closes` evidence into `body`: GitHub only
 * acts on closing words in pull request descriptions and commit messages, so "Fixes #12"
 * in a comment or an issue is a mention, not a close.
 */
export function textRefs(
  input: NormalizeInput,
  content: string | undefined,
  field: string,
  options: { repository?: string; evidence?: Evidence; closing?: boolean } = {},
): EventRef[] {
  if (!content) return [];
  const refs = extractReferences(content, {
    ...extractionOptions(input.references),
    field,
    ...(options.evidence ? { evidence: options.evidence } : {}),
    ...(options.repository ? { defaultRepository: options.repository } : {}),
  });
  if (options.closing !== false) return refs;
  return refs.map((ref) =>
    ref.evidence === "closes" ? { ...ref, evidence: "body" as const } : ref,
  );
}
