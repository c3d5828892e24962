import { parseLinearIdentifier } from "./linear-identifiers";

/** What a GitHub URL points at. */
export type GitHubUrlTarget =
  | { kind: "pull_request"; repository: string; number: number; sha?: string }
  | { kind: "issue"; repository: string; number: number }
  | { kind: "commit"; repository: string; sha: string };

/** Options for {@link parseGitHubUrl}. */
export interface GitHubUrlOptions {
  /** Hosts serving GitHub (default `["github.com"]`; add your GitHub Enterprise host). */
  githubHosts?: readonly string[] | undefined;
}

const DEFAULT_GITHUB_HOSTS: readonly string[] = ["github.com"];
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
const NUMBER = /^[1-9][0-9]{0,9}$/;
const SHA = /^[0-9a-fA-F]{7,40}$/;

/**
 * Reads a GitHub pull request, issue or commit URL:
 * `…/acme/api/pull/42` (also `/files`, `/commits/<sha>`), `…/acme/api/issues/42`,
 * `…/acme/api/commit/<sha>`. Returns `undefined` for any other URL.
 *
 * GitHub serves pull requests under `/issues/<n>` too, so an issue URL may be a PR;
 * {@link extractReferences} therefore keys it by number (`github:number:`), which matches both.
 */
export function parseGitHubUrl(
  url: string,
  options: GitHubUrlOptions = {},
): GitHubUrlTarget | undefined {
  const parsed = parseHttpUrl(url);
  return parsed ? readGitHubUrl(parsed, options) : undefined;
}

/** {@link parseGitHubUrl} for a URL already parsed. */
export function readGitHubUrl(
  parsed: URL,
  options: GitHubUrlOptions = {},
): GitHubUrlTarget | undefined {
  const hosts = options.githubHosts ?? DEFAULT_GITHUB_HOSTS;
  if (!hosts.some((host) => host.toLowerCase() === parsed.hostname)) return undefined;
  const [owner, repo, section, id, sub, subId] = parsed.pathname.split("/").filter(Boolean);
  if (!owner || !repo || !section || !id || !OWNER.test(owner) || !REPOSITORY.test(repo)) {
    return undefined;
  }
  const repository = `${owner}/${repo}`.toLowerCase();
  if (section === "pull" && NUMBER.test(id)) {
    const sha = sub === "commits" && subId && SHA.test(subId) ? subId.toLowerCase() : undefined;
    return { kind: "pull_request", repository, number: Number(id), ...(sha ? { sha } : {}) };
  }
  if (section === "issues" && NUMBER.test(id)) {
    return { kind: "issue", repository, number: Number(id) };
  }
  if (section === "commit" && SHA.test(id)) {
    return { kind: "commit", repository, sha: id.toLowerCase() };
  }
  return undefined;
}

/** What a Linear issue URL points at. */
export interface LinearIssueUrlTarget {
  /** Workspace url key, e.g. `acme`. */
  workspace: string;
  /** Issue identifier, upper-cased: `ENG-123`. */
  identifier: string;
}

/**
 * Reads a Linear issue URL, `https://linear.app/<workspace>/issue/ENG-123/<optional slug>`.
 * The identifier may be in any case (the URL itself says it is an issue).
 */
export function parseLinearIssueUrl(url: string): LinearIssueUrlTarget | undefined {
  const parsed = parseHttpUrl(url);
  return parsed ? readLinearIssueUrl(parsed) : undefined;
}

/** {@link parseLinearIssueUrl} for a URL already parsed. */
export function readLinearIssueUrl(parsed: URL): LinearIssueUrlTarget | undefined {
  if (parsed.hostname !== "linear.app") return undefined;
  const [workspace, section, id] = parsed.pathname.split("/").filter(Boolean);
  if (!workspace || section !== "issue" || !id) return undefined;
  const identifier = parseLinearIdentifier(id, {}, "url");
  return identifier ? { workspace, identifier } : undefined;
}

/** What a Slack message permalink points at. */
export interface SlackPermalinkTarget {
  /** Workspace subdomain, e.g. `acme` for `acme.slack.com`. */
  workspace: string;
  /** Channel id, e.g. `C123ABC`. */
  channel: string;
  /** Message timestamp, e.g. `1700000000.000100`. */
  ts: string;
  /** Parent thread timestamp when the message is a reply (`thread_ts` query parameter). */
  threadTs?: string;
}

const CHANNEL = /^[CGD][A-Z0-9]{2,}$/;
const PERMALINK_TS = /^p([0-9]{7,})$/;
const THREAD_TS = /^[0-9]+\.[0-9]{6}$/;

/**
 * Reads a Slack message permalink:
 * `https://acme.slack.com/archives/C123/p1700000000000100` → channel `C123`,
 * ts `1700000000.000100`; a `thread_ts` query parameter names the parent thread.
 */
export function parseSlackPermalink(url: string): SlackPermalinkTarget | undefined {
  const parsed = parseHttpUrl(url);
  return parsed ? readSlackPermalink(parsed) : undefined;
}

/** {@link parseSlackPermalink} for a URL already parsed. */
export function readSlackPermalink(parsed: URL): SlackPermalinkTarget | undefined {
  if (!parsed.hostname.endsWith(".slack.com")) return undefined;
  const [section, channel, message] = parsed.pathname.split("/").filter(Boolean);
  const digits = message ? PERMALINK_TS.exec(message)?.[1] : undefined;
  if (section !== "archives" || !channel || !CHANNEL.test(channel) || !digits) return undefined;
  const ts = `${digits.slice(0, -6)}.${digits.slice(-6)}`;
  const threadTs = parsed.searchParams.get("thread_ts") ?? undefined;
  return {
    workspace: parsed.hostname.split(".")[0]!,
    channel,
    ts,
    ...(threadTs && THREAD_TS.test(threadTs) && threadTs !== ts ? { threadTs } : {}),
  };
}

/** An http(s) URL parsed, or `undefined` for anything else. */
export function parseHttpUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed : undefined;
  } catch {
    return undefined;
  }
}
