import { ValidationError } from "@contexten/core";

/** A repository: `"owner/repo"` or `{ owner, repo }`. */
export type RepositoryInput = string | { owner: string; repo: string };

/** A repository split into its parts. */
export interface RepositoryRef {
  /** Owner login (user or organization). */
  owner: string;
  /** Repository name. */
  repo: string;
  /** `owner/repo`. */
  fullName: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Reads `"owner/repo"` or `{ owner, repo }`; throws `ValidationError` for anything else,
 * so a typo fails before a request is sent.
 */
export function toRepositoryRef(input: RepositoryInput): RepositoryRef {
  const [owner, repo, extra] =
    typeof input === "string" ? input.trim().split("/") : [input.owner, input.repo];
  if (!owner || !repo || extra !== undefined || !OWNER.test(owner) || !NAME.test(repo)) {
    throw new ValidationError({
      platform: "github",
      message: `${JSON.stringify(typeof input === "string" ? input : `${input.owner}/${input.repo}`)} is not a GitHub repository; pass "owner/repo", e.g. "acme/api".`,
    });
  }
  return { owner, repo, fullName: `${owner}/${repo}` };
}
