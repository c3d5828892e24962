/**
 * `@contexten/slack/testing`: a fake Slack (Web API, `response_url`s, Socket Mode) for
 * tests and demos, Slack's rate limits as a behaviour for core's fake platform server kit,
 * and builders of correctly signed Slack requests.
 *
 * @packageDocumentation
 */

export { checkBlocks } from "./check-blocks";
export {
  apiMessage,
  type FakeSlackMethod,
  type FakeSlackParams,
  readSlackParams,
  slackError,
  slackOk,
} from "./fake-slack-api";
export { createFakeSlackClient } from "./fake-slack-client";
export {
  FAKE_SLACK_APP_TOKEN,
  FAKE_SLACK_BOT_TOKEN,
  type FakeSlackCall,
  type FakeSlackServer,
  type FakeSlackServerOptions,
  startFakeSlackServer,
} from "./fake-slack-server";
export {
  type FakeEphemeralMessage,
  type FakeResponseUrlPost,
  type FakeSlackChannel,
  type FakeSlackChannelInput,
  type FakeSlackMessage,
  type FakeSlackMessageVersion,
  FakeSlackState,
  type FakeSlackUser,
  type FakeSlackUserInput,
  type FakeSlackView,
} from "./fake-slack-state";
export {
  type FakeSocketAck,
  type FakeSocketMode,
  type FakeSocketSendOptions,
  type SocketEnvelopeType,
  startFakeSocketMode,
} from "./fake-socket-mode";
export { messageActionIds, messageText, readBackNotification } from "./read-back";
export { type SlackRateLimitOptions, slackRateLimit } from "./slack-rate-limit";
export {
  createInteractionRequest,
  createSlackEventRequest,
  createSlackUrlVerificationRequest,
  createSlackWebhookRequest,
  createSlashCommandRequest,
  type SignedSlackRequestOptions,
  type SlackEventRequestOptions,
  type SlashCommandRequestOptions,
  signSlackWebhook,
  slackEventEnvelope,
} from "./slack-webhook-request";
export { createUnpacedSlackLimiter } from "./unpaced-limiter";
export {
  createViewClosedPayload,
  createViewSubmissionPayload,
  type ViewAnswer,
  type ViewSubmissionPayloadOptions,
  viewStateValues,
  withView,
} from "./view-payloads";
