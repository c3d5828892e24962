import type {
  FakeLinearIssue,
  FakeLinearLabel,
  FakeLinearTeam,
  FakeLinearUser,
  FakeLinearWorkflowState,
} from "./fake-linear-records";
import type { FakeLinearWorkspace } from "./fake-linear-workspace";

/**
 * Serializers from fake records to the shapes the SDK's generated fragments select
 * (`fragment Issue on Issue { … }` and friends), so the real SDK models parse them.
 */

const PRIORITY_LABELS = ["No priority", "Urgent", "High", "Medium", "Low"];
const ref = (id: string | undefined) => (id ? { id } : null);

/** `fragment Issue` (and `IssueSearchResult` with `metadata`). */
export function issueNode(workspace: FakeLinearWorkspace, issue: FakeLinearIssue) {
  return {
    __typename: "Issue",
    id: issue.id,
    identifier: issue.identifier,
    number: issue.number,
    title: issue.title,
    description: issue.description,
    url: workspace.issueUrl(issue),
    branchName: workspace.branchName(issue),
    priority: issue.priority,
    priorityLabel: PRIORITY_LABELS[issue.priority] ?? "No priority",
    prioritySortOrder: issue.priority,
    sortOrder: issue.number,
    boardOrder: 0,
    subIssueSortOrder: null,
    labelIds: issue.labelIds,
    previousIdentifiers: issue.previousIdentifiers,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    startedAt: issue.startedAt ?? null,
    completedAt: issue.completedAt ?? null,
    canceledAt: issue.canceledAt ?? null,
    archivedAt: null,
    trashed: false,
    estimate: null,
    dueDate: null,
    customerTicketCount: 0,
    reactionData: [],
    reactions: [],
    inheritsSharedAccess: false,
    integrationSourceType: null,
    sharedAccess: {
      __typename: "IssueSharedAccess",
      isShared: false,
      sharedWithCount: 0,
      viewerHasOnlySharedAccess: false,
      disallowedIssueFields: [],
      sharedWithUsers: [],
    },
    team: { id: issue.teamId },
    state: { id: issue.stateId },
    assignee: ref(issue.assigneeId),
    creator: ref(issue.creatorId),
    parent: null,
    project: null,
    cycle: null,
    metadata: {},
  };
}

/** `fragment Team`. */
export function teamNode(team: FakeLinearTeam) {
  return {
    __typename: "Team",
    id: team.id,
    key: team.key,
    name: team.name,
    displayName: team.name,
    issueCount: team.issueCount,
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
    private: false,
    timezone: "Etc/UTC",
    defaultIssueState: ref(team.defaultStateId),
  };
}

/** `fragment WorkflowState`. */
export function stateNode(state: FakeLinearWorkflowState) {
  return {
    __typename: "WorkflowState",
    id: state.id,
    name: state.name,
    type: state.type,
    position: state.position,
    color: state.color,
    team: { id: state.teamId },
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
  };
}

/** `fragment IssueLabel`. */
export function labelNode(label: FakeLinearLabel) {
  return {
    __typename: "IssueLabel",
    id: label.id,
    name: label.name,
    color: label.color,
    isGroup: false,
    team: ref(label.teamId),
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
  };
}

/** `fragment User`. */
export function userNode(user: FakeLinearUser, workspace: FakeLinearWorkspace) {
  const viewerId = workspace.viewer.id;
  return {
    __typename: "User",
    id: user.id,
    name: user.name,
    displayName: user.displayName,
    email: user.email,
    active: true,
    admin: user.id === viewerId,
    guest: false,
    app: false,
    isMe: user.id === viewerId,
    url: `https://linear.app/${workspace.organization.urlKey}/profiles/${user.displayName}`,
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
  };
}

/** A Relay connection page of `nodes`, honouring `first` and `after` (a node id). */
export function connection<Node extends { id: string }>(
  nodes: readonly Node[],
  variables: Record<string, unknown>,
) {
  const first = typeof variables.first === "number" ? variables.first : 50;
  const after = typeof variables.after === "string" ? variables.after : undefined;
  const start = after ? nodes.findIndex((node) => node.id === after) + 1 : 0;
  const page = nodes.slice(start, start + first);
  return {
    nodes: page,
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage: start + first < nodes.length,
      hasPreviousPage: start > 0,
      startCursor: page[0]?.id ?? null,
      endCursor: page.at(-1)?.id ?? null,
    },
  };
}
