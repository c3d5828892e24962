import { parseGitHubUrl } from "@contexten/core/adapter";
import { FakeGraphqlError } from "./fake-graphql-error";
import { FakeFilterError, issueView, matchesFilter } from "./fake-issue-filter";
import {
  connection,
  issueNode,
  labelNode,
  stateNode,
  teamNode,
  userNode,
} from "./fake-linear-nodes";
import type { FakeLinearIssue } from "./fake-linear-records";
import type { FakeLinearWorkspace } from "./fake-linear-workspace";

/** Variables of a GraphQL request. */
type Variables = Record<string, unknown>;

/** Answers one GraphQL operation with its `data`, or throws a {@link FakeGraphqlError}. */
export type FakeOperation = (
  variables: Record<string, unknown>,
  workspace: FakeLinearWorkspace,
) => unknown;

const input = (variables: Variables): Variables =>
  typeof variables.input === "object" && variables.input !== null
    ? (variables.input as Variables)
    : {};
const string = (value: unknown) => (typeof value === "string" ? value : undefined);

function findIssue(workspace: FakeLinearWorkspace, id: unknown): FakeLinearIssue {
  const issue = typeof id === "string" ? workspace.findIssue(id) : undefined;
  if (!issue) throw FakeGraphqlError.notFound("Issue");
  return issue;
}

function filtered<Item>(items: readonly Item[], filter: unknown, view: (item: Item) => unknown) {
  if (filter === undefined || filter === null) return [...items];
  try {
    return items.filter((item) => matchesFilter(view(item), filter));
  } catch (error) {
    if (error instanceof FakeFilterError) throw FakeGraphqlError.invalidInput(error.message);
    throw error;
  }
}

/** Newest first, as Linear lists issues by default. */
const newestFirst = (a: FakeLinearIssue, b: FakeLinearIssue) =>
  b.createdAt.localeCompare(a.createdAt) || b.number - a.number;

function issuePage(
  workspace: FakeLinearWorkspace,
  issues: FakeLinearIssue[],
  variables: Variables,
) {
  const matching = filtered(issues, variables.filter, (issue) => issueView(workspace, issue));
  const page = connection(matching.sort(newestFirst), variables);
  return { ...page, nodes: page.nodes.map((issue) => issueNode(workspace, issue)) };
}

/** Rejects invalid `IssueCreateInput` / `IssueUpdateInput` fields before anything changes. */
function validateIssueInput(workspace: FakeLinearWorkspace, teamId: string, fields: Variables) {
  const priority = fields.priority;
  if (
    priority !== undefined &&
    (typeof priority !== "number" || !Number.isInteger(priority) || priority < 0 || priority > 4)
  ) {
    throw FakeGraphqlError.invalidInput("priority must be an integer from 0 to 4");
  }
  if (Array.isArray(fields.labelIds)) {
    for (const id of fields.labelIds) {
      if (!workspace.labels.some((label) => label.id === id)) {
        throw FakeGraphqlError.notFound("IssueLabel");
      }
    }
  }
  if (typeof fields.assigneeId === "string") {
    if (!workspace.users.some((user) => user.id === fields.assigneeId)) {
      throw FakeGraphqlError.notFound("User");
    }
  }
  if (typeof fields.stateId === "string") {
    const state = workspace.workflowStates.find((candidate) => candidate.id === fields.stateId);
    if (state?.teamId !== teamId) throw FakeGraphqlError.notFound("WorkflowState");
  }
}

/** Applies validated input fields to an issue, as `issueCreate` / `issueUpdate` do. */
function applyIssueInput(
  workspace: FakeLinearWorkspace,
  issue: FakeLinearIssue,
  fields: Variables,
) {
  if (typeof fields.title === "string") issue.title = fields.title;
  if (typeof fields.description === "string") issue.description = fields.description;
  if (typeof fields.priority === "number") issue.priority = fields.priority;
  if (Array.isArray(fields.labelIds)) issue.labelIds = fields.labelIds.map(String);
  if (fields.assigneeId === null) delete issue.assigneeId;
  else if (typeof fields.assigneeId === "string") issue.assigneeId = fields.assigneeId;
  if (typeof fields.stateId === "string") issue.stateId = fields.stateId;
  issue.updatedAt = workspace.now();
  workspace.stampState(issue, issue.updatedAt);
}

function matchesTerm(workspace: FakeLinearWorkspace, issue: FakeLinearIssue, term: string) {
  const haystack = `${issue.identifier} ${issue.title} ${issue.description}`.toLowerCase();
  const comments = workspace.comments.filter((comment) => comment.issueId === issue.id);
  return term
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every(
      (token) =>
        haystack.includes(token) || comments.some((c) => c.body.toLowerCase().includes(token)),
    );
}

const payload = (key: string, id: string) => ({ lastSyncId: 1, success: true, [key]: { id } });

/**
 * The operations the fake Linear server answers, keyed by the operation names
 * `@linear/sdk` 98 sends (`query issue(`, `mutation createIssue(` …).
 */
export const FAKE_LINEAR_OPERATIONS: Readonly<Record<string, FakeOperation>> = {
  viewer: (_variables, workspace) => ({
    viewer: userNode(workspace.viewer, workspace),
  }),
  teams: (variables, workspace) => ({
    teams: connection(
      filtered(workspace.teams, variables.filter, (team) => team),
      variables,
    ),
  }),
  team: (variables, workspace) => {
    const team = workspace.teams.find((candidate) => candidate.id === variables.id);
    if (!team) throw FakeGraphqlError.notFound("Team");
    return { team: teamNode(team) };
  },
  workflowStates: (variables, workspace) => ({
    workflowStates: connection(
      filtered(workspace.workflowStates, variables.filter, (state) => ({
        ...state,
        team: workspace.teams.find((team) => team.id === state.teamId) ?? null,
      })).map(stateNode),
      variables,
    ),
  }),
  workflowState: (variables, workspace) => {
    const state = workspace.workflowStates.find((candidate) => candidate.id === variables.id);
    if (!state) throw FakeGraphqlError.notFound("WorkflowState");
    return { workflowState: stateNode(state) };
  },
  issueLabels: (variables, workspace) => ({
    issueLabels: connection(
      filtered(workspace.labels, variables.filter, (label) => ({
        ...label,
        team: workspace.teams.find((team) => team.id === label.teamId) ?? null,
      })).map(labelNode),
      variables,
    ),
  }),
  users: (variables, workspace) => ({
    users: connection(
      filtered(workspace.users, variables.filter, (user) => user).map((user) =>
        userNode(user, workspace),
      ),
      variables,
    ),
  }),
  issue: (variables, workspace) => ({
    issue: issueNode(workspace, findIssue(workspace, variables.id)),
  }),
  issues: (variables, workspace) => ({ issues: issuePage(workspace, workspace.issues, variables) }),
  searchIssues: (variables, workspace) => {
    const term = string(variables.term) ?? "";
    const inTeam = string(variables.teamId);
    const hits = workspace.issues.filter(
      (issue) => (!inTeam || issue.teamId === inTeam) && matchesTerm(workspace, issue, term),
    );
    const page = issuePage(workspace, hits, variables);
    return {
      searchIssues: {
        ...page,
        totalCount: page.nodes.length,
        archivePayload: { lastSyncId: 1, success: true },
      },
    };
  },
  issueVcsBranchSearch: (variables, workspace) => {
    const branch = (string(variables.branchName) ?? "").toLowerCase();
    const issue = workspace.issues.find((candidate) => workspace.branchName(candidate) === branch);
    return { issueVcsBranchSearch: issue ? issueNode(workspace, issue) : null };
  },
  createIssue: (variables, workspace) => {
    const fields = input(variables);
    const teamId = string(fields.teamId);
    if (!teamId || !workspace.teams.some((team) => team.id === teamId)) {
      throw FakeGraphqlError.notFound("Team");
    }
    if (!string(fields.title)?.trim())
      throw FakeGraphqlError.invalidInput("title must not be empty");
    validateIssueInput(workspace, teamId, fields);
    // An id chosen by the caller must be a new one, as on Linear.
    const id = string(fields.id);
    if (id && workspace.issues.some((candidate) => candidate.id === id)) {
      throw FakeGraphqlError.invalidInput(`an issue with id ${id} already exists`);
    }
    const issue = workspace.addIssue({
      team: teamId,
      title: String(fields.title),
      ...(id ? { id } : {}),
    });
    applyIssueInput(workspace, issue, fields);
    issue.updatedAt = issue.createdAt;
    return { issueCreate: payload("issue", issue.id) };
  },
  updateIssue: (variables, workspace) => {
    const issue = findIssue(workspace, variables.id);
    const fields = input(variables);
    const teamId = string(fields.teamId) ?? issue.teamId;
    if (!workspace.teams.some((team) => team.id === teamId))
      throw FakeGraphqlError.notFound("Team");
    validateIssueInput(workspace, teamId, fields);
    if (teamId !== issue.teamId) workspace.moveIssue(issue.id, teamId);
    applyIssueInput(workspace, issue, fields);
    return { issueUpdate: payload("issue", issue.id) };
  },
  attachmentLinkURL: (variables, workspace) => {
    const issue = findIssue(workspace, variables.issueId);
    const attachment = workspace.addAttachment({
      issue: issue.id,
      url: String(variables.url),
      ...(string(variables.title) ? { title: String(variables.title) } : {}),
    });
    return { attachmentLinkURL: payload("attachment", attachment.id) };
  },
  attachmentLinkGitHubPR: (variables, workspace) => {
    const issue = findIssue(workspace, variables.issueId);
    const target = parseGitHubUrl(String(variables.url));
    if (target?.kind !== "pull_request") {
      throw FakeGraphqlError.invalidInput("url must be a GitHub pull request URL");
    }
    const attachment = workspace.addAttachment({
      issue: issue.id,
      url: String(variables.url),
      title: string(variables.title) ?? `${target.repository}#${target.number}`,
      sourceType: "github",
      metadata: {
        number: target.number,
        repo: target.repository,
        linkKind: variables.linkKind ?? "links",
      },
    });
    return { attachmentLinkGitHubPR: payload("attachment", attachment.id) };
  },
  createComment: (variables, workspace) => {
    const fields = input(variables);
    const issue = findIssue(workspace, fields.issueId);
    if (!string(fields.body)?.trim()) throw FakeGraphqlError.invalidInput("body must not be empty");
    const comment = workspace.addComment({ issue: issue.id, body: String(fields.body) });
    return { commentCreate: payload("comment", comment.id) };
  },
};
