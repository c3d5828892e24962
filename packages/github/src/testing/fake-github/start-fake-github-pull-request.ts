import type { FakePullRequestSeed, FakeRepositorySeed } from "./fake-github-seeds";
import {
  type FakeGitHubServer,
  type FakeGitHubServerOptions,
  startFakeGitHubServer,
} from "./start-fake-github-server";

/** Options of {@link startFakeGitHubPullRequest}. */
export interface FakeGitHubPullRequestOptions {
  /** `owner/name` of the repository; default `acme/api`. */
  repository?: string | undefined;
  /** Content of the CODEOWNERS file, on the base and the head branch; default none. */
  codeowners?: string | undefined;
  /** Where the CODEOWNERS file is; default `.github/CODEOWNERS`. */
  codeownersPath?: string | undefined;
  /** The pull request: its title and head branch, and its number, author, changed files … */
  pullRequest: FakePullRequestSeed;
  /** Files on the base branch (the repository's default branch), path to content. */
  baseFiles?: Record<string, string | Uint8Array> | undefined;
  /** Files on the pull request's head branch, path to content. */
  headFiles?: Record<string, string | Uint8Array> | undefined;
  /**
   * Anything else the repository holds: commits, more pull requests (after this one),
   * issues, labels, a default branch other than `main`, contents of other branches.
   */
  more?: Omit<FakeRepositorySeed, "fullName"> | undefined;
  /** More repositories on the same server. */
  otherRepositories?: FakeRepositorySeed[] | undefined;
  /**
   * Options of the server itself (clock, App authentication …). Its rate limits are off
   * unless `rateLimit` is given: tests of a pull request rarely want to count requests.
   */
  server?: Omit<FakeGitHubServerOptions, "repositories"> | undefined;
}

/**
 * Starts a fake GitHub (see {@link startFakeGitHubServer}) holding one repository with a
 * pull request: the CODEOWNERS file and the files you give on the base branch, the head
 * branch with the same CODEOWNERS and its own files, and the pull request between them.
 * For tests of anything that reads a pull request: owners, reviewers, analysis. Close it
 * with `close()` after each test.
 *
 * @example
 * const github = await startFakeGitHubPullRequest({
 *   codeowners: "*  @acme/platform\nsrc/auth/**  @alice\n",
 *   pullRequest: {
 *     number: 7,
 *     title: "Rotate session keys",
 *     head: { ref: "feature/keys" },
 *     files: [{ filename: "src/auth/session.ts", status: "modified", additions: 3, deletions: 1 }],
 *   },
 *   headFiles: { "src/auth/session.ts": "export const rotate = true;\n" },
 * });
 * const client = createGitHubClient({ token: "test", baseUrl: github.url });
 * await client.getPullRequest("acme/api", 7);
 * await github.close();
 */
export function startFakeGitHubPullRequest(
  options: FakeGitHubPullRequestOptions,
): Promise<FakeGitHubServer> {
  const more = options.more ?? {};
  const baseBranch = options.pullRequest.base?.ref ?? more.defaultBranch ?? "main";
  const headBranch = options.pullRequest.head.ref;
  const codeowners: Record<string, string> =
    options.codeowners === undefined
      ? {}
      : { [options.codeownersPath ?? ".github/CODEOWNERS"]: options.codeowners };
  const contents = { ...more.contents };
  contents[baseBranch] = { ...contents[baseBranch], ...codeowners, ...options.baseFiles };
  if (options.codeowners !== undefined || options.headFiles !== undefined) {
    contents[headBranch] = { ...contents[headBranch], ...codeowners, ...options.headFiles };
  }
  const repository: FakeRepositorySeed = {
    ...more,
    fullName: options.repository ?? "acme/api",
    contents,
    pullRequests: [options.pullRequest, ...(more.pullRequests ?? [])],
  };
  return startFakeGitHubServer({
    ...options.server,
    rateLimit: options.server?.rateLimit ?? false,
    repositories: [repository, ...(options.otherRepositories ?? [])],
  });
}
