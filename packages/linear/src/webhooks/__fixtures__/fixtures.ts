import type {
  AgentSessionEventWebhookPayload,
  EntityWebhookPayloadWithAttachmentData,
  EntityWebhookPayloadWithCommentData,
  EntityWebhookPayloadWithCycleData,
  EntityWebhookPayloadWithIssueData,
  EntityWebhookPayloadWithIssueLabelData,
  EntityWebhookPayloadWithProjectData,
  EntityWebhookPayloadWithProjectUpdateData,
  EntityWebhookPayloadWithReactionData,
  IssueSlaWebhookPayload,
  OAuthAppWebhookPayload,
} from "@linear/sdk/webhooks";
import agentSessionEventCreated from "./agent-session-event-created.json";
import appUserNotificationCommentMention from "./app-user-notification-comment-mention.json";
import attachmentCreateGithubPr from "./attachment-create-github-pr.json";
import commentCreate from "./comment-create.json";
import commentCreateOnDocument from "./comment-create-on-document.json";
import cycleCreate from "./cycle-create.json";
import issueCreate from "./issue-create.json";
import issueCreateSubIssue from "./issue-create-sub-issue.json";
import issueCreateWithoutIdentifier from "./issue-create-without-identifier.json";
import issueLabelCreate from "./issue-label-create.json";
import issueRemove from "./issue-remove.json";
import issueSlaHighRisk from "./issue-sla-high-risk.json";
import issueUpdateMovedTeam from "./issue-update-moved-team.json";
import issueUpdateStatus from "./issue-update-status.json";
import issueUpdateTitle from "./issue-update-title.json";
import oauthAppRevoked from "./oauth-app-revoked.json";
import projectUpdate from "./project-update.json";
import projectUpdateCreate from "./project-update-create.json";
import reactionCreate from "./reaction-create.json";

// Each fixture's `data` must be assignable to the SDK's published webhook type: a field
// with the wrong type (or a missing required one) fails `tsc`.
type Data<Payload extends { data: unknown }> = Payload["data"];
const issueData: Data<EntityWebhookPayloadWithIssueData>[] = [
  issueCreate.data,
  issueUpdateStatus.data,
  issueUpdateTitle.data,
  issueUpdateMovedTeam.data,
  issueRemove.data,
  issueCreateSubIssue.data,
];
// Linear documents `identifier` as always present; that fixture is the body without it.
const issueWithoutIdentifier: Omit<
  Data<EntityWebhookPayloadWithIssueData>,
  "identifier"
> = issueCreateWithoutIdentifier.data;
const commentData: Data<EntityWebhookPayloadWithCommentData>[] = [
  commentCreate.data,
  commentCreateOnDocument.data,
];
const projectUpdateData: Data<EntityWebhookPayloadWithProjectUpdateData> = projectUpdateCreate.data;
const agentSession: AgentSessionEventWebhookPayload["agentSession"] =
  agentSessionEventCreated.agentSession;
// The notification is a union keyed by literal `type`s, which JSON imports widen to
// `string`: its issue, the part normalization reads, is checked instead.
const notificationIssue: AgentSessionEventWebhookPayload["agentSession"]["issue"] =
  appUserNotificationCommentMention.notification.issue;
// `type` and `action` are literals there too; the envelope's other fields are checked.
const oauthApp: Omit<OAuthAppWebhookPayload, "createdAt" | "type" | "action"> = oauthAppRevoked;
const attachmentData: Data<EntityWebhookPayloadWithAttachmentData> = attachmentCreateGithubPr.data;
const labelData: Data<EntityWebhookPayloadWithIssueLabelData> = issueLabelCreate.data;
const projectData: Data<EntityWebhookPayloadWithProjectData> = projectUpdate.data;
const cycleData: Data<EntityWebhookPayloadWithCycleData> = cycleCreate.data;
const reactionData: Data<EntityWebhookPayloadWithReactionData> = reactionCreate.data;
const slaIssueData: IssueSlaWebhookPayload["issueData"] = issueSlaHighRisk.issueData;

/** Every fixture by name, as plain payload objects. */
export const LINEAR_FIXTURES: Readonly<Record<string, Record<string, unknown>>> = {
  "issue-create": issueCreate,
  "issue-update-status": issueUpdateStatus,
  "issue-update-title": issueUpdateTitle,
  "issue-update-moved-team": issueUpdateMovedTeam,
  "issue-remove": issueRemove,
  "comment-create": commentCreate,
  "attachment-create-github-pr": attachmentCreateGithubPr,
  "issue-label-create": issueLabelCreate,
  "project-update": projectUpdate,
  "cycle-create": cycleCreate,
  "reaction-create": reactionCreate,
  "issue-sla-high-risk": issueSlaHighRisk,
  "issue-create-sub-issue": issueCreateSubIssue,
  "issue-create-without-identifier": issueCreateWithoutIdentifier,
  "comment-create-on-document": commentCreateOnDocument,
  "project-update-create": projectUpdateCreate,
  "app-user-notification-comment-mention": appUserNotificationCommentMention,
  "agent-session-event-created": agentSessionEventCreated,
  "oauth-app-revoked": oauthAppRevoked,
};

/** The typed `data` objects, so the assignments above are not dead code. */
export const TYPED_FIXTURE_DATA = [
  ...issueData,
  issueWithoutIdentifier,
  ...commentData,
  projectUpdateData,
  agentSession,
  notificationIssue,
  oauthApp,
  attachmentData,
  labelData,
  projectData,
  cycleData,
  reactionData,
  slaIssueData,
] as const;

/** A deep copy of a fixture, safe to modify. */
export function fixture(name: keyof typeof LINEAR_FIXTURES | string): Record<string, unknown> {
  const payload = LINEAR_FIXTURES[name];
  if (!payload) throw new Error(`no Linear fixture ${name}`);
  return structuredClone(payload);
}
