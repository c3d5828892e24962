import type {
  EntityWebhookPayloadWithAttachmentData,
  EntityWebhookPayloadWithCommentData,
  EntityWebhookPayloadWithCycleData,
  EntityWebhookPayloadWithIssueData,
  EntityWebhookPayloadWithIssueLabelData,
  EntityWebhookPayloadWithProjectData,
  EntityWebhookPayloadWithReactionData,
  IssueSlaWebhookPayload,
} from "@linear/sdk/webhooks";
import attachmentCreateGithubPr from "./attachment-create-github-pr.json";
import commentCreate from "./comment-create.json";
import cycleCreate from "./cycle-create.json";
import issueCreate from "./issue-create.json";
import issueLabelCreate from "./issue-label-create.json";
import issueRemove from "./issue-remove.json";
import issueSlaHighRisk from "./issue-sla-high-risk.json";
import issueUpdateMovedTeam from "./issue-update-moved-team.json";
import issueUpdateStatus from "./issue-update-status.json";
import issueUpdateTitle from "./issue-update-title.json";
import projectUpdate from "./project-update.json";
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
];
const commentData: Data<EntityWebhookPayloadWithCommentData> = commentCreate.data;
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
};

/** The typed `data` objects, so the assignments above are not dead code. */
export const TYPED_FIXTURE_DATA = [
  ...issueData,
  commentData,
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
