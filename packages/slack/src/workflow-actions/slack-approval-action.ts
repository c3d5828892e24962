import {
  ContextenError,
  CorrelationKeys,
  defineWorkflowAction,
  type WaitOutcome,
} from "@contexten/core";
import { unifiedNotificationSchema } from "@contexten/core/schemas";
import type { KnownBlock } from "@slack/web-api";
import { z } from "zod";
import { buildNotificationMessage } from "../blocks/notification-blocks";
import { withStatusBlock } from "../blocks/status-blocks";
import type { SlackClient } from "../client/slack-client";
import { withClientMessageId } from "./client-message-id";

/** `action_id` of the Approve button. */
export const APPROVE_ACTION_ID = "contexten_approve";
/** `action_id` of the Reject button. */
export const REJECT_ACTION_ID = "contexten_reject";

const approvalInput = z.object({
  /** Channel (or user) to ask in. */
  channel: z.string().min(1),
  /** What is to be approved. */
  title: z.string().min(1).max(150),
  /** Details, Markdown. */
  message: z.string().default(""),
  /** Post in this thread. */
  threadTs: z.string().optional(),
  /** Only clicks by these Slack user ids count (default: anyone in the channel). */
  approvers: z.array(z.string().min(1)).optional(),
  /** How long to wait for a click. */
  timeoutSeconds: z.number().positive().optional(),
  /** What a timeout does: fail the step (default) or complete it with `decision: "timed_out"`. */
  onTimeout: z.enum(["fail", "continue"]).default("fail"),
  /** What a rejection does: fail the step (default) or complete it with `decision: "rejected"`. */
  onReject: z.enum(["fail", "continue"]).default("fail"),
});

/** The approval step's output. */
export interface ApprovalOutput {
  /** What happened. */
  decision: "approved" | "rejected" | "timed_out";
  /** Slack user id of who clicked. */
  userId: string | null;
  /** Their user name, when Slack sent it. */
  userName: string | null;
  /** The request's message (absent after a timeout). */
  message: { channel: string; ts: string } | null;
}

/**
 * `slack.requestApproval`: a human approval step. Posts an interactive message with
 * Approve / Reject buttons (once per step: `client_msg_id`), then waits, durably, for the
 * click: the click arrives as a `slack.interaction.block_actions` event on whichever
 * instance Slack calls, which stores it and resumes the run. The message is then updated
 * to show the decision; a rejection fails the step unless `onReject: "continue"`.
 * Output: `{ decision, userId, userName, message }`.
 */
export function requestApprovalAction(client: SlackClient) {
  return defineWorkflowAction({
    name: "slack.requestApproval",
    description: "Ask for an approval in Slack and wait for the click.",
    input: approvalInput,
    async run(input, context) {
      const notification = unifiedNotificationSchema.parse({
        title: input.title,
        message: input.message || input.title,
        priority: "high",
      });
      const content = buildNotificationMessage(notification, {
        actions: [
          { id: APPROVE_ACTION_ID, label: "Approve", style: "primary" },
          { id: REJECT_ACTION_ID, label: "Reject", style: "danger" },
        ],
        handback: { workflowId: context.runId, context: { stepId: context.stepId } },
      });
      const posted = await client.postMessage(
        withClientMessageId(
          {
            channel: input.channel,
            text: content.text,
            blocks: content.blocks,
            ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
          },
          context.idempotencyKey,
        ),
      );
      const channel = posted.channel ?? input.channel;
      return context.waitForEvent({
        pattern: {
          type: "slack.interaction.block_actions",
          payload: {
            "actions.0.action_id": { in: [APPROVE_ACTION_ID, REJECT_ACTION_ID] },
            ...(input.approvers ? { "user.id": { in: input.approvers } } : {}),
          },
        },
        key: CorrelationKeys.slackMessage(channel, posted.ts ?? ""),
        onTimeout: input.onTimeout,
        ...(input.timeoutSeconds ? { timeoutMs: input.timeoutSeconds * 1000 } : {}),
      });
    },
    async resume(outcome: WaitOutcome, input): Promise<ApprovalOutput> {
      const payload = (outcome.event?.payload ?? {}) as {
        actions?: { action_id?: string }[];
        user?: { id?: string; username?: string; name?: string };
        container?: { channel_id?: string; message_ts?: string };
        message?: { blocks?: KnownBlock[]; text?: string };
      };
      const decision = outcome.timedOut
        ? "timed_out"
        : payload.actions?.[0]?.action_id === APPROVE_ACTION_ID
          ? "approved"
          : "rejected";
      const userId = payload.user?.id ?? null;
      const userName = payload.user?.username ?? payload.user?.name ?? null;
      const message = {
        channel: payload.container?.channel_id ?? input.channel,
        ts: payload.container?.message_ts ?? "",
      };
      if (message.ts && payload.message) {
        // Replace the buttons with the decision; updating twice writes the same content.
        const who = (userName ?? userId) ? ` by ${userName ?? userId}` : "";
        await client.updateMessage({
          channel: message.channel,
          ts: message.ts,
          text: payload.message.text ?? input.title,
          blocks: withStatusBlock(
            (payload.message.blocks ?? []).filter((block) => block.type !== "actions"),
            {
              status: decision === "approved" ? "completed" : "canceled",
              text: decision === "approved" ? `Approved${who}` : `Rejected${who}`,
            },
          ),
        });
      }
      if (decision === "rejected" && input.onReject === "fail") {
        const error = new ContextenError({
          code: "workflow_approval_rejected",
          platform: "slack",
          message: `${input.title}: rejected by ${userName ?? userId ?? "someone"} in Slack.`,
        });
        throw Object.assign(error, { retryable: false });
      }
      return { decision, userId, userName, message: message.ts ? message : null };
    },
  });
}
