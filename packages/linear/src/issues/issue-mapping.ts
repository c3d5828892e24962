import type { IssuePriority, IssueStatusCategory, UnifiedIssue } from "@contexten/core";
import { unifiedIssueSchema } from "@contexten/core/schemas";

/** Linear's numeric priority for each normalized priority (0 none, 1 urgent … 4 low). */
export const LINEAR_PRIORITY: Readonly<Record<IssuePriority, number>> = Object.freeze({
  none: 0,
  urgent: 1,
  high: 2,
  normal: 3,
  low: 4,
});

const PRIORITY_BY_NUMBER: readonly IssuePriority[] = ["none", "urgent", "high", "normal", "low"];

/** The normalized priority of Linear's 0–4 (anything else is `none`). */
export function priorityFromLinear(priority: number | null | undefined): IssuePriority {
  return PRIORITY_BY_NUMBER[priority ?? 0] ?? "none";
}

/**
 * Normalized category of each Linear workflow-state type. `triage` counts as `backlog`:
 * a triaged issue is accepted but not planned, which is what `backlog` means everywhere
 * else; `todo` is reserved for planned, not started work (`unstarted`).
 */
export const STATE_TYPE_CATEGORY: Readonly<Record<string, IssueStatusCategory>> = Object.freeze({
  triage: "backlog",
  backlog: "backlog",
  unstarted: "todo",
  started: "in_progress",
  completed: "done",
  canceled: "canceled",
});

/**
 * The state types a normalized category moves an issue to, in order of preference:
 * `backlog` prefers a `backlog` state and falls back to `triage`.
 */
export const CATEGORY_STATE_TYPES: Readonly<Record<IssueStatusCategory, readonly string[]>> =
  Object.freeze({
    backlog: ["backlog", "triage"],
    todo: ["unstarted"],
    in_progress: ["started"],
    done: ["completed"],
    canceled: ["canceled"],
  });

/** The category of a workflow-state type; an unknown type counts as `todo`. */
export function categoryOfStateType(type: string): IssueStatusCategory {
  return STATE_TYPE_CATEGORY[type] ?? "todo";
}

/** The fields of a Linear issue the mapping reads (an SDK `Issue` or `IssueSearchResult`). */
export interface LinearIssueFields {
  /** UUID. */
  id: string;
  /** `ENG-123`. */
  identifier: string;
  /** Number within the team. */
  number: number;
  /** Title. */
  title: string;
  /** Markdown description. */
  description?: string | null | undefined;
  /** Link to the issue. */
  url: string;
  /** 0–4. */
  priority: number;
  /** Label UUIDs. */
  labelIds: string[];
  /** Linear's suggested git branch name. */
  branchName: string;
  /** Identifiers the issue had before it moved teams. */
  previousIdentifiers: string[];
  /** Created. */
  createdAt: Date;
  /** Last updated. */
  updatedAt: Date;
  /** Estimate, when set. */
  estimate?: number | null | undefined;
  /** Workflow state UUID. */
  stateId?: string | null | undefined;
  /** Team UUID. */
  teamId?: string | null | undefined;
  /** Assignee UUID. */
  assigneeId?: string | null | undefined;
  /** Project UUID. */
  projectId?: string | null | undefined;
  /** Cycle UUID. */
  cycleId?: string | null | undefined;
  /** Parent issue UUID. */
  parentId?: string | null | undefined;
}

/** Names resolved for an issue's ids. */
export interface ResolvedIssueNames {
  /** The issue's team. */
  team: { id: string; key: string; name: string } | undefined;
  /** The issue's workflow state. */
  state: { id: string; name: string; type: string };
  /** Label names, in the issue's order. */
  labels: string[];
  /** Assignee name, when assigned. */
  assignee: string | undefined;
}

/**
 * Converts a Linear issue to a {@link UnifiedIssue}: status by workflow-state type (see
 * {@link STATE_TYPE_CATEGORY}) with the native state's id and name kept, priority 0–4,
 * label names, the assignee's name, and Linear specifics (team, number, branch name,
 * previous identifiers, state type, estimate, project, cycle, parent) in
 * `platformSpecific`.
 */
export function toUnifiedIssue(issue: LinearIssueFields, names: ResolvedIssueNames): UnifiedIssue {
  return unifiedIssueSchema.parse({
    id: issue.id,
    platform: "linear",
    key: issue.identifier,
    url: issue.url,
    title: issue.title,
    description: issue.description ?? "",
    status: {
      category: categoryOfStateType(names.state.type),
      native: { id: names.state.id, name: names.state.name },
    },
    priority: priorityFromLinear(issue.priority),
    assignees: names.assignee ? [names.assignee] : [],
    labels: names.labels,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    platformSpecific: {
      team: names.team,
      number: issue.number,
      stateType: names.state.type,
      branchName: issue.branchName,
      previousIdentifiers: issue.previousIdentifiers,
      ...(issue.estimate === undefined || issue.estimate === null
        ? {}
        : { estimate: issue.estimate }),
      ...(issue.assigneeId ? { assigneeId: issue.assigneeId } : {}),
      ...(issue.projectId ? { projectId: issue.projectId } : {}),
      ...(issue.cycleId ? { cycleId: issue.cycleId } : {}),
      ...(issue.parentId ? { parentId: issue.parentId } : {}),
    },
  });
}
