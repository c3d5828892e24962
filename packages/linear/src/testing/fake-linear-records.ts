/** A team of the fake workspace. */
export interface FakeLinearTeam {
  /** UUID. */
  id: string;
  /** Identifier prefix, e.g. `ENG`. */
  key: string;
  /** Display name. */
  name: string;
  /** State new issues start in; defaults to the team's first `backlog` state. */
  defaultStateId?: string;
  /** Last issue number handed out. */
  issueCount: number;
}

/** Linear's workflow-state types. */
export type FakeLinearStateType =
  | "triage"
  | "backlog"
  | "unstarted"
  | "started"
  | "completed"
  | "canceled";

/** A workflow state of a fake team. */
export interface FakeLinearWorkflowState {
  /** UUID. */
  id: string;
  /** Display name, e.g. `In Review`. */
  name: string;
  /** State type. */
  type: FakeLinearStateType;
  /** Board order; lower comes first. */
  position: number;
  /** Owning team. */
  teamId: string;
  /** Hex color. */
  color: string;
}

/** An issue label; workspace labels have no team. */
export interface FakeLinearLabel {
  /** UUID. */
  id: string;
  /** Display name. */
  name: string;
  /** Hex color. */
  color: string;
  /** Owning team, absent for workspace labels. */
  teamId?: string;
}

/** A workspace member. */
export interface FakeLinearUser {
  /** UUID. */
  id: string;
  /** Full name. */
  name: string;
  /** Short name. */
  displayName: string;
  /** Email. */
  email: string;
}

/** An issue of the fake workspace. */
export interface FakeLinearIssue {
  /** UUID. */
  id: string;
  /** `ENG-123`. */
  identifier: string;
  /** Number within its team. */
  number: number;
  /** Team UUID. */
  teamId: string;
  /** Title. */
  title: string;
  /** Markdown description. */
  description: string;
  /** Workflow state UUID. */
  stateId: string;
  /** 0 none, 1 urgent … 4 low. */
  priority: number;
  /** Label UUIDs. */
  labelIds: string[];
  /** Assignee UUID. */
  assigneeId?: string;
  /** Creator UUID. */
  creatorId?: string;
  /** Identifiers it had in teams it moved from. */
  previousIdentifiers: string[];
  /** ISO time. */
  createdAt: string;
  /** ISO time. */
  updatedAt: string;
  /** ISO time it entered a `started` state. */
  startedAt?: string;
  /** ISO time it entered a `completed` state. */
  completedAt?: string;
  /** ISO time it entered a `canceled` state. */
  canceledAt?: string;
}

/** A link attached to an issue. */
export interface FakeLinearAttachment {
  /** UUID. */
  id: string;
  /** Issue UUID. */
  issueId: string;
  /** Linked URL. */
  url: string;
  /** Title. */
  title: string;
  /** Subtitle. */
  subtitle?: string;
  /** `github` for pull requests linked with `attachmentLinkGitHubPR`, else `url`. */
  sourceType: string;
  /** Source metadata (PR number, repository …). */
  metadata: Record<string, unknown>;
  /** ISO time. */
  createdAt: string;
  /** ISO time. */
  updatedAt: string;
}

/** A comment on an issue. */
export interface FakeLinearComment {
  /** UUID. */
  id: string;
  /** Issue UUID. */
  issueId: string;
  /** Markdown body. */
  body: string;
  /** Author UUID. */
  userId: string;
  /** ISO time. */
  createdAt: string;
  /** ISO time. */
  updatedAt: string;
}
