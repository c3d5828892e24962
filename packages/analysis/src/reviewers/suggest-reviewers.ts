import type { GitHubClient } from "@contexten/github";
import type { ReviewerSuggestion } from "../analysis-types";
import { mapConcurrently } from "../pull-request/map-concurrently";
import type { PullRequestSnapshot } from "../pull-request/read-pull-request";
import { ownersOfPaths, readCodeowners } from "./read-codeowners";

/** Options of {@link suggestReviewersFor}. */
export interface SuggestReviewersOptions {
  /** The GitHub client. */
  client: GitHubClient;
  /** At most this many suggestions (default 5). */
  limit?: number | undefined;
  /** Look at commits from this many days back (default 90). */
  historyDays?: number | undefined;
  /** Read the history of at most this many changed files (default 20). */
  historyFiles?: number | undefined;
  /** Current time, epoch ms (default `Date.now()`). */
  now?: number | undefined;
}

const isBot = (login: string, type?: string) => type === "Bot" || /\[bot\]$|-bot$/i.test(login);

/**
 * Suggests reviewers for a pull request: CODEOWNERS owners of the changed paths (GitHub's
 * rules: the file from `.github/`, the root or `docs/` of the base branch, last matching
 * pattern wins), then recent authors of those paths (commits API), never the pull
 * request's author or bots; people with many open review requests are ranked lower.
 * Each suggestion says why.
 */
export async function suggestReviewersFor(
  snapshot: PullRequestSnapshot,
  options: SuggestReviewersOptions,
): Promise<ReviewerSuggestion[]> {
  const { client } = options;
  const [owner, repo] = snapshot.repository.split("/") as [string, string];
  const author = snapshot.author.toLowerCase();
  const candidates = new Map<string, { score: number; reasons: string[] }>();
  const credit = (login: string, score: number, reason: string) => {
    if (login.toLowerCase() === author || isBot(login)) return;
    const entry = candidates.get(login) ?? { score: 0, reasons: [] };
    entry.score += score;
    entry.reasons.push(reason);
    candidates.set(login, entry);
  };

  const codeowners = await readCodeowners(client, snapshot.repository, snapshot.baseSha);
  if (codeowners) {
    const paths = snapshot.files.flatMap((file) =>
      file.previousPath ? [file.path, file.previousPath] : [file.path],
    );
    for (const { owner: ownerName, rule, paths: owned } of ownersOfPaths(codeowners.rules, paths)) {
      credit(
        ownerName.replace(/^@/, ""),
        10,
        `owns \`${rule.pattern}\` (${codeowners.path} line ${rule.line}): ${owned.slice(0, 3).join(", ")}${owned.length > 3 ? ` and ${owned.length - 3} more` : ""}`,
      );
    }
  }

  const since = new Date(
    (options.now ?? Date.now()) - (options.historyDays ?? 90) * 86_400_000,
  ).toISOString();
  const paths = snapshot.files
    .slice(0, options.historyFiles ?? 20)
    .map((file) => file.previousPath ?? file.path);
  const histories = await mapConcurrently(paths, 4, async (path) =>
    client
      .data("GET /repos/{owner}/{repo}/commits", { owner, repo, path, since, per_page: 30 })
      .then((commits) => ({ path, commits })),
  );
  const recent = new Map<string, { commits: number; paths: Set<string> }>();
  for (const { path, commits } of histories) {
    for (const commit of commits) {
      const login = commit.author?.login;
      if (!login || isBot(login, commit.author?.type)) continue;
      const entry = recent.get(login) ?? { commits: 0, paths: new Set() };
      entry.commits += 1;
      entry.paths.add(path);
      recent.set(login, entry);
    }
  }
  for (const [login, { commits, paths: touched }] of recent) {
    const list = [...touched];
    credit(
      login,
      Math.min(8, commits * 2),
      `${commits} recent commit${commits === 1 ? "" : "s"} to ${list.slice(0, 3).join(", ")}${list.length > 3 ? ` and ${list.length - 3} more` : ""}`,
    );
  }

  const open = await client.paginateAll("GET /repos/{owner}/{repo}/pulls", {
    owner,
    repo,
    state: "open",
  });
  const load = new Map<string, number>();
  for (const pull of open) {
    if (pull.number === snapshot.number) continue;
    for (const reviewer of pull.requested_reviewers ?? []) {
      load.set(reviewer.login, (load.get(reviewer.login) ?? 0) + 1);
    }
  }
  return [...candidates]
    .map(([login, { score, reasons }]) => {
      const openReviewRequests = load.get(login) ?? 0;
      if (openReviewRequests > 0) {
        reasons.push(
          `${openReviewRequests} open review request${openReviewRequests === 1 ? "" : "s"} elsewhere`,
        );
      }
      return { login, score: score - openReviewRequests, reasons, openReviewRequests };
    })
    .sort((a, b) => b.score - a.score || a.login.localeCompare(b.login))
    .slice(0, options.limit ?? 5);
}
