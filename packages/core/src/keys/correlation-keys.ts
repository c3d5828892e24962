import { boundCorrelationKey } from "./bound-correlation-key";
import { normalizedQuery, routeFragment } from "./url-query";

/**
 * Builders for correlation keys. Keys are the contract between adapters (which extract
 * them) and the engine (which matches them), so every adapter builds them here and
 * never by hand. Each key is `namespace:kind:value`, normalized so that the same object
 * always yields the same string.
 *
 * Every builder returns a key that `correlationKeySchema` accepts and that takes at most
 * `MAX_CORRELATION_KEY_BYTES` UTF-8 bytes, whatever its input: whitespace in a value is
 * percent-encoded and an over-long key ends in a digest (see `boundCorrelationKey`).
 *
 * GitHub pull requests and issues share one number sequence per repository, so both
 * also carry a `githubNumber` key: a bare `owner/repo#42` reference matches either.
 */
export const CorrelationKeys = {
  /** `linear:issue:ENG-123` (identifier upper-cased). */
  linearIssue(identifier: string): string {
    return boundCorrelationKey(`linear:issue:${identifier.trim().toUpperCase()}`);
  },
  /** `linear:issue-id:<uuid>` for Linear's issue UUID. */
  linearIssueId(id: string): string {
    return boundCorrelationKey(`linear:issue-id:${id.trim().toLowerCase()}`);
  },
  /** `github:pr:acme/api#42` (owner and repo lower-cased). */
  githubPullRequest(repository: string, number: number): string {
    return boundCorrelationKey(`github:pr:${normalizeRepository(repository)}#${number}`);
  },
  /** `github:issue:acme/api#42`. */
  githubIssue(repository: string, number: number): string {
    return boundCorrelationKey(`github:issue:${normalizeRepository(repository)}#${number}`);
  },
  /** `github:number:acme/api#42`: matches a PR or an issue with that number. */
  githubNumber(repository: string, number: number): string {
    return boundCorrelationKey(`github:number:${normalizeRepository(repository)}#${number}`);
  },
  /**
   * `github:branch:acme/api:eng-123-fix` (repository lower-cased, branch as is, no
   * `refs/heads/`). A branch name too long for a key ends in a digest of the whole key, the
   * same one whichever platform names the branch.
   */
  githubBranch(repository: string, branch: string): string {
    const name = branch.startsWith("refs/heads/") ? branch.slice("refs/heads/".length) : branch;
    return boundCorrelationKey(`github:branch:${normalizeRepository(repository)}:${name}`);
  },
  /** `github:check-suite:<id>`, `github:workflow-run:<id>` and similar platform objects. */
  githubObject(kind: string, id: string | number): string {
    return boundCorrelationKey(`github:${kind}:${id}`);
  },
  /** `git:sha:<40 hex>` (lower-cased). */
  gitSha(sha: string): string {
    return boundCorrelationKey(`git:sha:${sha.trim().toLowerCase()}`);
  },
  /**
   * `git:sha7:<first 7 hex>` (lower-cased): the key a short sha matches on. A short sha
   * (7–39 hex, as in "commit abc1234") cannot equal a full-sha key, so every event that
   * carries a full sha also carries this prefix key; build both with {@link gitShaKeys}.
   */
  gitShortSha(sha: string): string {
    return boundCorrelationKey(`git:sha7:${sha.trim().toLowerCase().slice(0, 7)}`);
  },
  /**
   * Every key for a sha: `[git:sha:<40 hex>, git:sha7:<7 hex>]` for a full sha, only the
   * `git:sha7:` key for a short one (7–39 hex). Adapters put these in `keys` (a push is its
   * head commit) or `refs` (a check run refers to its head sha) so that short and full
   * mentions of one commit meet on the 7-character key.
   */
  gitShaKeys(sha: string): string[] {
    const normalized = sha.trim().toLowerCase();
    const short = CorrelationKeys.gitShortSha(normalized);
    return normalized.length === 40 ? [CorrelationKeys.gitSha(normalized), short] : [short];
  },
  /**
   * `slack:thread:C123:1700000000.000100`: a thread. The root message has it in `keys`;
   * a reply refs it (evidence `thread`), so replies meet their root and each other.
   */
  slackThread(channel: string, threadTs: string): string {
    return boundCorrelationKey(`slack:thread:${channel}:${threadTs}`);
  },
  /** `slack:message:C123:1700000000.000100`. */
  slackMessage(channel: string, ts: string): string {
    return boundCorrelationKey(`slack:message:${channel}:${ts}`);
  },
  /**
   * `url:<normalized url>`: scheme and host lower-cased, no trailing slash; the query
   * kept with its parameters sorted and tracking ones (`utm_*`, `fbclid`, `gclid`, …)
   * dropped, so two pages of one site that differ only in their query stay apart; the
   * fragment dropped unless it is a client-side route (`#/tickets/42`). A URL too long for
   * a key (a long path or query, or non-ASCII characters that percent-encoding triples)
   * keeps its start and ends in a digest of the whole key. Pass a non-empty URL: an empty
   * one gives `url:`, which is not a key.
   */
  url(url: string): string {
    return boundCorrelationKey(`url:${normalizeUrl(url)}`);
  },
} as const;

/** `Acme/API` → `acme/api`. */
export function normalizeRepository(repository: string): string {
  return repository.trim().toLowerCase();
}

/** Normalizes a URL for use in a key; returns the input trimmed when it does not parse. */
export function normalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return url.trim();
  }
  return normalizeParsedUrl(parsed);
}

/**
 * {@link normalizeUrl} for a URL already parsed: `protocol//host` (lower-cased), the path
 * without trailing slashes, the query with sorted parameters and without tracking ones,
 * and the fragment only when it is a client-side route (see `CorrelationKeys.url`).
 */
export function normalizeParsedUrl(parsed: URL): string {
  const path = parsed.pathname;
  // A loop, not /\/+$/: that pattern rescans a run of slashes from every slash in it.
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end -= 1;
  return `${parsed.protocol}//${parsed.host.toLowerCase()}${path.slice(0, end)}${normalizedQuery(parsed)}${routeFragment(parsed)}`;
}
