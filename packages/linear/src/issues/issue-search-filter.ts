import type { IssueSearchFilters } from "@contexten/core";
import type { LinearDocument } from "@linear/sdk";
import { CATEGORY_STATE_TYPES } from "./issue-mapping";
import type { LinearDirectory } from "./linear-directory";

/**
 * Builds Linear's `IssueFilter` for {@link IssueSearchFilters}: the team (`container`,
 * resolved to its id), workflow-state types for the normalized statuses, every label by
 * name (case-insensitive, all must be present) and the assignee (resolved to a user id).
 * Resolves `undefined` when the assignee does not exist: nothing can match.
 */
export async function buildIssueFilter(
  filters: IssueSearchFilters,
  directory: LinearDirectory,
): Promise<LinearDocument.IssueFilter | undefined> {
  const filter: LinearDocument.IssueFilter = {};
  if (filters.container) {
    const team = await directory.team(filters.container);
    filter.team = { id: { eq: team.id } };
  }
  if (filters.status && filters.status.length > 0) {
    filter.state = {
      type: { in: filters.status.flatMap((status) => CATEGORY_STATE_TYPES[status]) },
    };
  }
  if (filters.labels && filters.labels.length > 0) {
    filter.and = filters.labels.map((name) => ({
      labels: { some: { name: { eqIgnoreCase: name } } },
    }));
  }
  if (filters.assignee) {
    const user = await directory.findUser(filters.assignee);
    if (!user) return undefined;
    filter.assignee = { id: { eq: user.id } };
  }
  return filter;
}
