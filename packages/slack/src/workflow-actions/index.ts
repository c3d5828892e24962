export { clientMessageId } from "./client-message-id";
export {
  APPROVE_ACTION_ID,
  type ApprovalOutput,
  REJECT_ACTION_ID,
  requestApprovalAction,
} from "./slack-approval-action";
export { sendNotificationAction } from "./slack-notification-action";
export {
  postMessageAction,
  slackWorkflowActions,
  updateThreadStatusAction,
} from "./slack-workflow-actions";
