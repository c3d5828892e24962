import { deriveEventId } from "@contexten/core/adapter";
import type { FakeLinearWorkspace } from "./fake-linear-workspace";

/** Options of the fake webhook payload builders. */
export interface FakeWebhookPayloadOptions {
  /** `create` (default), `update` or `remove`. */
  action?: string | undefined;
  /** For `update`: the previous values of the changed fields (`{ stateId: "…" }`). */
  updatedFrom?: Record<string, unknown> | undefined;
}

function envelope(
  workspace: FakeLinearWorkspace,
  type: string,
  data: Record<string, unknown>,
  url: string,
  options: FakeWebhookPayloadOptions,
): Record<string, unknown> {
  const viewer = workspace.viewer;
  return {
    action: options.action ?? "create",
    actor: { id: viewer.id, name: viewer.name, email: viewer.email, type: "user" },
    createdAt: workspace.now(),
    data,
    url,
    type,
    ...(options.updatedFrom ? { updatedFrom: options.updatedFrom } : {}),
    organizationId: workspace.organization.id,
    webhookTimestamp: Date.parse(workspace.now()),
    webhookId: deriveEventId("fake-linear", "webhook", workspace.organization.id),
  };
}

function userChild(workspace: FakeLinearWorkspace, id: string | undefined) {
  const user = id ? workspace.users.find((candidate) => candidate.id === id) : undefined;
  return user
    ? {
        id: user.id,
        name: user.name,
        email: user.email,
        url: `https://linear.app/${workspace.organization.urlKey}/profiles/${user.displayName}`,
      }
    : null;
}

/** The `IssueWebhookPayload` (webhook `data`) of a fake issue, with its child objects. */
export function fakeIssueWebhookData(workspace: FakeLinearWorkspace, reference: string) {
  const issue = workspace.issue(reference);
  const team = workspace.team(issue.teamId);
  const state = workspace.workflowStates.find((candidate) => candidate.id === issue.stateId)!;
  const labels = issue.labelIds.map((id) => workspace.label(id));
  return {
    id: issue.id,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    number: issue.number,
    identifier: issue.identifier,
    title: issue.title,
    description: issue.description,
    priority: issue.priority,
    priorityLabel:
      ["No priority", "Urgent", "High", "Medium", "Low"][issue.priority] ?? "No priority",
    prioritySortOrder: issue.priority,
    sortOrder: issue.number,
    boardOrder: 0,
    teamId: team.id,
    team: { id: team.id, key: team.key, name: team.name },
    stateId: state.id,
    state: { id: state.id, name: state.name, color: state.color, type: state.type },
    labelIds: issue.labelIds,
    labels: labels.map((label) => ({
      id: label.id,
      name: label.name,
      color: label.color,
      parentId: null,
    })),
    assigneeId: issue.assigneeId ?? null,
    assignee: userChild(workspace, issue.assigneeId),
    creatorId: issue.creatorId ?? null,
    creator: userChild(workspace, issue.creatorId),
    previousIdentifiers: issue.previousIdentifiers,
    subscriberIds: issue.creatorId ? [issue.creatorId] : [],
    startedAt: issue.startedAt ?? null,
    completedAt: issue.completedAt ?? null,
    canceledAt: issue.canceledAt ?? null,
    reactionData: [],
    releases: [],
    url: workspace.issueUrl(issue),
  };
}

/**
 * A complete `Issue` webhook payload for a fake issue in its current state (sign it with
 * `createLinearWebhookRequest`). For a status change pass
 * `{ action: "update", updatedFrom: { stateId: previousStateId } }`.
 */
export function fakeIssueWebhookPayload(
  workspace: FakeLinearWorkspace,
  reference: string,
  options: FakeWebhookPayloadOptions = {},
): Record<string, unknown> {
  const data = fakeIssueWebhookData(workspace, reference);
  return envelope(workspace, "Issue", data, data.url, options);
}

/** A `Comment` webhook payload for a fake comment. */
export function fakeCommentWebhookPayload(
  workspace: FakeLinearWorkspace,
  commentId: string,
  options: FakeWebhookPayloadOptions = {},
): Record<string, unknown> {
  const comment = workspace.comments.find((candidate) => candidate.id === commentId);
  if (!comment) throw new Error(`fake Linear has no comment ${commentId}`);
  const issue = workspace.issue(comment.issueId);
  const team = workspace.team(issue.teamId);
  const url = `${workspace.issueUrl(issue)}#comment-${comment.id.slice(0, 8)}`;
  const data = {
    id: comment.id,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    body: comment.body,
    issueId: issue.id,
    issue: {
      id: issue.id,
      identifier: issue.identifier,
      title: issue.title,
      teamId: team.id,
      team: { id: team.id, key: team.key, name: team.name },
      url: workspace.issueUrl(issue),
    },
    userId: comment.userId,
    user: userChild(workspace, comment.userId),
    reactionData: [],
  };
  return envelope(workspace, "Comment", data, url, options);
}

/** An `Attachment` webhook payload for a fake attachment. */
export function fakeAttachmentWebhookPayload(
  workspace: FakeLinearWorkspace,
  attachmentId: string,
  options: FakeWebhookPayloadOptions = {},
): Record<string, unknown> {
  const attachment = workspace.attachments.find((candidate) => candidate.id === attachmentId);
  if (!attachment) throw new Error(`fake Linear has no attachment ${attachmentId}`);
  const data = {
    id: attachment.id,
    createdAt: attachment.createdAt,
    updatedAt: attachment.updatedAt,
    title: attachment.title,
    subtitle: attachment.subtitle ?? null,
    url: attachment.url,
    issueId: attachment.issueId,
    sourceType: attachment.sourceType,
    metadata: attachment.metadata,
    groupBySource: attachment.sourceType !== "url",
  };
  return envelope(workspace, "Attachment", data, attachment.url, options);
}
