/**
 * `@contexten/linear/testing`: a fake Linear GraphQL API (real HTTP on 127.0.0.1, built on
 * core's fake platform server kit) that answers the operations `@linear/sdk` sends, Linear's
 * rate limits as a behaviour for that kit, and helpers that build correctly signed Linear
 * webhook requests.
 *
 * @packageDocumentation
 */

export { FakeGraphqlError, type FakeGraphqlErrorExtensions } from "./fake-graphql-error";
export { FakeFilterError, issueView, matchesFilter } from "./fake-issue-filter";
export {
  connection,
  issueNode,
  labelNode,
  stateNode,
  teamNode,
  userNode,
} from "./fake-linear-nodes";
export { FAKE_LINEAR_OPERATIONS, type FakeOperation } from "./fake-linear-operations";
export type {
  FakeLinearAttachment,
  FakeLinearComment,
  FakeLinearIssue,
  FakeLinearLabel,
  FakeLinearStateType,
  FakeLinearTeam,
  FakeLinearUser,
  FakeLinearWorkflowState,
} from "./fake-linear-records";
export {
  DEFAULT_FAKE_SEED,
  DEFAULT_FAKE_STATES,
  type FakeIssueInput,
  type FakeLinearSeed,
  type FakeStateInput,
} from "./fake-linear-seed";
export {
  FAKE_LINEAR_API_KEY,
  type FakeLinearApi,
  type FakeLinearServer,
  type FakeLinearServerOptions,
  mountFakeLinear,
  startFakeLinearServer,
} from "./fake-linear-server";
export {
  type FakeWebhookPayloadOptions,
  fakeAttachmentWebhookPayload,
  fakeCommentWebhookPayload,
  fakeIssueWebhookData,
  fakeIssueWebhookPayload,
} from "./fake-linear-webhooks";
export { FakeLinearWorkspace } from "./fake-linear-workspace";
export { type LinearRateLimitOptions, linearRateLimit } from "./linear-rate-limit";
export {
  createLinearWebhookRequest,
  type LinearWebhookRequestOptions,
  signLinearWebhook,
} from "./linear-webhook-request";
