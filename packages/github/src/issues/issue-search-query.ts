import type { IssueSearchFilters, IssueStatusCategory } from "@contexten/core";

const OPEN_CATEGORIES = new Set<IssueStatusCategory>(["backlog", "todo", "in_progress"]);

function qualifier(name: string, value: string): string {
  return /^[^\s"]+$/.test(value) ? `${name}:${value}` : `${name}:"${value.replace(/"/g, "")}"`;
}

/**
 * Builds the `q` of `GET /search/issues`: the text, `is:issue`, the repository, and
 * qualifiers for the filters GitHub can apply (`is:open` / `is:closed`, `reason:`,
 * `label:`, `assignee:`). Categories GitHub cannot tell apart in one query (say `todo` and
 * `done` together) are left out of `q` and filtered afterwards.
 */
export function buildIssueSearchQuery(
  text: string,
  filters: IssueSearchFilters,
  repository: string | undefined,
): string {
  const parts = [text.trim(), "is:issue"];
  if (repository) parts.push(qualifier("repo", repository));
  const statuses = new Set(filters.status ?? []);
  if (statuses.size > 0) {
    const open = [...statuses].some((status) => OPEN_CATEGORIES.has(status));
    const closed = statuses.has("done") || statuses.has("canceled");
    if (open && !closed) parts.push("is:open");
    if (closed && !open) {
      parts.push("is:closed");
      if (!statuses.has("canceled")) parts.push("reason:completed");
      if (!statuses.has("done")) parts.push('reason:"not planned"');
    }
  }
  for (const label of filters.labels ?? []) parts.push(qualifier("label", label));
  if (filters.assignee) parts.push(qualifier("assignee", filters.assignee));
  return parts.filter(Boolean).join(" ");
}
