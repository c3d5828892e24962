import { ValidationError } from "@contexten/core";
import { parseGitHubUrl } from "@contexten/core/adapter";
import { toRepositoryRef } from "../client/repository-ref";

/** An issue located: its repository and number. */
export interface GitHubIssueRef {
  /** `owner/repo`. */
  repository: string;
  /** Issue number. */
  number: number;
}

const KEY = /^([^/\s#]+\/[^/\s#]+)#([1-9][0-9]{0,9})$/;
const NUMBER = /^#?([1-9][0-9]{0,9})$/;

/**
 * Reads an issue id or key: `owner/repo#42` (what `UnifiedIssue.id` and `key` hold), an
 * issue or pull request URL (`https://github.com/owner/repo/issues/42`), or `42` / `#42`
 * in `defaultRepository`. Throws `ValidationError` for anything else.
 */
export function parseIssueReference(
  input: string,
  options: { defaultRepository?: string | undefined; githubHosts?: readonly string[] } = {},
): GitHubIssueRef {
  const value = input.trim();
  const key = KEY.exec(value);
  if (key) return { repository: toRepositoryRef(key[1]!).fullName, number: Number(key[2]) };
  const number = NUMBER.exec(value);
  if (number) {
    if (!options.defaultRepository) {
      throw new ValidationError({
        platform: "github",
        message: `Issue ${JSON.stringify(input)} names no repository: use "owner/repo#${number[1]}" or set defaultRepository.`,
      });
    }
    return { repository: options.defaultRepository, number: Number(number[1]) };
  }
  const url = parseGitHubUrl(
    value,
    options.githubHosts ? { githubHosts: options.githubHosts } : {},
  );
  if (url && url.kind !== "commit") {
    const [owner, repo] = new URL(value).pathname.split("/").filter(Boolean);
    return { repository: `${owner}/${repo}`, number: url.number };
  }
  throw new ValidationError({
    platform: "github",
    message: `${JSON.stringify(input)} is not a GitHub issue: pass "owner/repo#42", an issue URL, or 42 with a defaultRepository.`,
  });
}
