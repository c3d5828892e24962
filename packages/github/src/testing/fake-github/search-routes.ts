import { authenticated, type FakeGitHubRouteContext } from "./fake-github-context";
import type { FakeGitHubIssue, FakeGitHubRepository } from "./fake-github-model";
import { page, queryParameter, validationFailed } from "./fake-github-responses";

/** A parsed `q`: free-text terms and qualifiers (`repo:`, `is:`, `label:`, …). */
export interface FakeSearchQuery {
  /** Words and quoted phrases that must all appear in the title or body (case-insensitive). */
  terms: string[];
  /** Qualifiers by name; a name may repeat (`label:a label:b`). */
  qualifiers: Map<string, string[]>;
}

/** Splits a search query into terms and qualifiers, honouring double quotes. */
export function parseSearchQuery(q: string): FakeSearchQuery {
  const terms: string[] = [];
  const qualifiers = new Map<string, string[]>();
  for (const match of q.matchAll(/(?:([a-z_]+):)?(?:"([^"]*)"|(\S+))/gi)) {
    const value = match[2] ?? match[3] ?? "";
    if (match[1]) {
      const name = match[1].toLowerCase();
      qualifiers.set(name, [...(qualifiers.get(name) ?? []), value]);
    } else if (value) {
      terms.push(value.toLowerCase());
    }
  }
  return { terms, qualifiers };
}

interface Candidate {
  repository: FakeGitHubRepository;
  issue: FakeGitHubIssue;
}

function matches(query: FakeSearchQuery, { repository, issue }: Candidate): boolean {
  const all = (name: string) => query.qualifiers.get(name) ?? [];
  const repos = all("repo").map((name) => name.toLowerCase());
  if (repos.length > 0 && !repos.includes(repository.fullName.toLowerCase())) return false;
  const is = all("is").map((value) => value.toLowerCase());
  if (is.includes("pr") || is.includes("pull-request")) return false;
  const states = [...all("state"), ...is.filter((value) => value === "open" || value === "closed")];
  if (states.length > 0 && !states.includes(issue.state)) return false;
  const reasons = all("reason").map((value) => value.toLowerCase().replace(/\s+/g, "_"));
  if (reasons.length > 0 && !reasons.includes(issue.stateReason ?? "")) return false;
  const labels = issue.labels.map((label) => label.toLowerCase());
  if (!all("label").every((label) => labels.includes(label.toLowerCase()))) return false;
  if (!all("assignee").every((login) => issue.assignees.includes(login))) return false;
  if (!all("author").every((login) => issue.user === login)) return false;
  const text = `${issue.title}\n${issue.body ?? ""}`.toLowerCase();
  return query.terms.every((term) => text.includes(term));
}

/** `GET /search/issues`: issues only (pull requests are excluded by `is:issue` or absent here). */
export function registerSearchRoutes(context: FakeGitHubRouteContext): void {
  const { server, state, json, apiUrl } = context;
  server.route(
    "GET",
    "/search/issues",
    authenticated(state, (request) => {
      const q = queryParameter(request, "q");
      if (!q) return validationFailed("Search", "q");
      const query = parseSearchQuery(q);
      const sort = queryParameter(request, "sort") === "created" ? "createdAt" : "updatedAt";
      const ascending = queryParameter(request, "order") === "asc";
      const found: Candidate[] = [];
      for (const repository of state.repositories.values()) {
        for (const issue of repository.issues.values()) {
          if (matches(query, { repository, issue })) found.push({ repository, issue });
        }
      }
      found.sort(
        (a, b) => (ascending ? 1 : -1) * (a.issue[sort] - b.issue[sort]) || b.issue.id - a.issue.id,
      );
      return page(
        request,
        apiUrl,
        found.map(({ repository, issue }) => ({ ...json.issue(repository, issue), score: 1 })),
        (items, total) => ({ total_count: total, incomplete_results: false, items }),
      );
    }),
  );
}
