import type { IssuePriority, IssueStatusCategory, UnifiedIssue } from "../models/unified-issue";

/** Input of {@link IssueTracker.createIssue}. */
export interface CreateIssueInput {
  /** Title (required). */
  title: string;
  /** Markdown description. */
  description?: string | undefined;
  /** Label names; trackers resolve names to ids and create nothing they cannot find. */
  labels?: string[] | undefined;
  /** Assignee logins, emails or names. */
  assignees?: string[] | undefined;
  /** Normalized priority; ignored by trackers without priorities (GitHub). */
  priority?: IssuePriority | undefined;
  /**
   * Where to create it: a GitHub `owner/repo`, a Linear team key or name. Trackers may
   * have a default from their config.
   */
  container?: string | undefined;
}

/** Changes for {@link IssueTracker.updateIssue}; absent fields stay as they are. */
export interface IssueUpdate {
  /** New title. */
  title?: string | undefined;
  /** New description. */
  description?: string | undefined;
  /**
   * New status: a normalized category (trackers pick their matching native state) or a
   * native state name such as `In Review`.
   */
  status?: IssueStatusCategory | { native: string } | undefined;
  /** New priority. */
  priority?: IssuePriority | undefined;
  /** Replaces the label set. */
  labels?: string[] | undefined;
  /** Replaces the assignees. */
  assignees?: string[] | undefined;
}

/** Filters for {@link IssueTracker.searchIssues}; all optional, combined with AND. */
export interface IssueSearchFilters {
  /** Only issues in these normalized categories. */
  status?: IssueStatusCategory[] | undefined;
  /** Only issues with all these labels. */
  labels?: string[] | undefined;
  /** Only issues assigned to this person. */
  assignee?: string | undefined;
  /** Only issues in this container (repo, team). */
  container?: string | undefined;
  /** At most this many results (default 50). */
  limit?: number | undefined;
}

/**
 * A tracker of issues: GitHub Issues, Linear. Every method returns {@link UnifiedIssue}s; `getIssue`
 * throws `NotFoundError` for an unknown id. Conformance: `runIssueTrackerConformance`
 * in `@contexten/core/testing/conformance`.
 */
export interface IssueTracker {
  /** Platform id. */
  readonly platform: string;
  /** Creates an issue. */
  createIssue(input: CreateIssueInput): Promise<UnifiedIssue>;
  /** Applies changes to an issue by id or key (`ENG-123`, `acme/api#42`). */
  updateIssue(id: string, updates: IssueUpdate): Promise<UnifiedIssue>;
  /** Reads one issue by id or key; throws `NotFoundError` when it does not exist. */
  getIssue(id: string): Promise<UnifiedIssue>;
  /** Full-text search plus filters. */
  searchIssues(query: string, filters?: IssueSearchFilters): Promise<UnifiedIssue[]>;
}
