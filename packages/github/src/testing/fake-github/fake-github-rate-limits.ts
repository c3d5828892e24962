import type { FakeBehaviour, FakeRequest } from "@contexten/core/testing";
import {
  type GitHubRateLimitOptions,
  type GitHubRateLimitWindow,
  githubRateLimit,
} from "../github-rate-limit";

/** GitHub's search limits: 30 a minute (10 for code search), separate from the core budget. */
export interface FakeSearchRateLimitOptions {
  /** Search requests a window (default 30). */
  limit?: number | undefined;
  /** Code search requests a window (default 10). */
  codeLimit?: number | undefined;
  /** Window, ms (default one minute). */
  windowMs?: number | undefined;
}

/** The fake's rate limits: the behaviour, its windows and the limit of each resource. */
export interface FakeGitHubRateLimits {
  /** Counts and refuses requests as GitHub does, per resource. */
  behaviour: FakeBehaviour;
  /** Every resource's window (`core`, `graphql`, `search`, `code_search`), live. */
  windows(): Map<string, GitHubRateLimitWindow>;
  /** Limit and window length of a resource. */
  limitOf(resource: string): { limit: number; windowMs: number };
}

function searchResource(request: FakeRequest): string | undefined {
  if (request.path.startsWith("/search/code")) return "code_search";
  return request.path.startsWith("/search/") ? "search" : undefined;
}

/**
 * GitHub's primary limits with their real shapes: `core` and `graphql` share the main
 * budget (5,000 an hour by default), `search` has 30 a minute and `code_search` 10 a
 * minute, each in its own window, built from the {@link githubRateLimit} behaviour.
 */
export function fakeGitHubRateLimits(
  core: GitHubRateLimitOptions,
  search: FakeSearchRateLimitOptions,
): FakeGitHubRateLimits {
  const coreLimit = { limit: core.limit ?? 5_000, windowMs: core.windowMs ?? 3_600_000 };
  const searchWindowMs = search.windowMs ?? 60_000;
  const searchLimit = { limit: search.limit ?? 30, windowMs: searchWindowMs };
  const codeLimit = { limit: search.codeLimit ?? 10, windowMs: searchWindowMs };
  const main = githubRateLimit(core);
  const searches = githubRateLimit({ ...searchLimit, resourceOf: () => "search" });
  const codeSearches = githubRateLimit({ ...codeLimit, resourceOf: () => "code_search" });
  return {
    behaviour: (request, next, context) => {
      const resource = searchResource(request);
      const behaviour =
        resource === "code_search" ? codeSearches : resource === "search" ? searches : main;
      return behaviour(request, next, context);
    },
    windows: () => new Map([...main.windows, ...searches.windows, ...codeSearches.windows]),
    limitOf: (resource) =>
      resource === "search" ? searchLimit : resource === "code_search" ? codeLimit : coreLimit,
  };
}
