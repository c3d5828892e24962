import { type AnyWorkflowAction, defineWorkflowAction, type WorkflowStatus } from "@contexten/core";
import { WORKFLOW_STATUSES } from "@contexten/core/adapter";
import type { KnownBlock } from "@slack/web-api";
import { z } from "zod";
import { statusLine } from "../blocks/status-blocks";
import type { SlackClient } from "../client/slack-client";
import { createSlackNotifier } from "../notifications/slack-notifier";
import { withClientMessageId } from "./client-message-id";
import { requestApprovalAction } from "./slack-approval-action";
import { sendNotificationAction } from "./slack-notification-action";

/**
 * `slack.postMessage`: posts a message (text, optional Block Kit blocks, optional thread)
 * with the step's `client_msg_id`, so a retried step gets back the message it already
 * posted. Output: `{ channel, ts }`.
 */
export function postMessageAction(client: SlackClient) {
  return defineWorkflowAction({
    name: "slack.postMessage",
    description: "Post a Slack message (once per step, even when retried).",
    input: z.object({
      channel: z.string().min(1),
      text: z.string().min(1),
      blocks: z.array(z.record(z.string(), z.unknown())).optional(),
      threadTs: z.string().optional(),
      unfurlLinks: z.boolean().default(false),
    }),
    async run(input, context) {
      const posted = await client.postMessage(
        withClientMessageId(
          {
            channel: input.channel,
            text: input.text,
            unfurl_links: input.unfurlLinks,
            unfurl_media: input.unfurlLinks,
            ...(input.blocks ? { blocks: input.blocks as unknown as KnownBlock[] } : {}),
            ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
          },
          context.idempotencyKey,
        ),
      );
      return { channel: posted.channel ?? input.channel, ts: posted.ts ?? "" };
    },
  });
}

/**
 * `slack.updateThreadStatus`: shows a status on a thread's root message (`chat.update`,
 * which writes the same content when repeated) and, unless `silent`, replies in the
 * thread with the step's `client_msg_id`, so followers are told once. Output:
 * `{ root, reply }`.
 */
export function updateThreadStatusAction(client: SlackClient) {
  const notifier = createSlackNotifier({ client });
  return defineWorkflowAction({
    name: "slack.updateThreadStatus",
    description: "Show a workflow status on a Slack thread.",
    input: z.object({
      channel: z.string().min(1),
      ts: z.string().min(1),
      status: z.enum(WORKFLOW_STATUSES as [WorkflowStatus, ...WorkflowStatus[]]),
      text: z.string().optional(),
      silent: z.boolean().default(false),
    }),
    async run(input, context) {
      const status = { status: input.status, ...(input.text ? { text: input.text } : {}) };
      const { root } = await notifier.updateThreadStatus(input.channel, input.ts, status, {
        silent: true,
      });
      if (input.silent) return { root, reply: null };
      const reply = await client.postMessage(
        withClientMessageId(
          { channel: root.channel, thread_ts: root.ts, text: statusLine(status) },
          context.idempotencyKey,
        ),
      );
      return { root, reply: { channel: reply.channel ?? root.channel, ts: reply.ts ?? "" } };
    },
  });
}

/**
 * The Slack actions of a workflow engine, built around one client: `slack.postMessage`,
 * `slack.sendNotification`, `slack.updateThreadStatus` and `slack.requestApproval`.
 *
 * @example
 * ```ts
 * createWorkflowEngine({ …, actions: [...slackWorkflowActions(slack)] });
 * ```
 */
export function slackWorkflowActions(client: SlackClient): AnyWorkflowAction[] {
  return [
    postMessageAction(client),
    sendNotificationAction(client),
    updateThreadStatusAction(client),
    requestApprovalAction(client),
  ];
}
