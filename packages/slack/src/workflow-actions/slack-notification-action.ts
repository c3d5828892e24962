import { defineWorkflowAction } from "@contexten/core";
import {
  notificationActionSchema,
  notificationPrioritySchema,
  unifiedNotificationSchema,
} from "@contexten/core/schemas";
import { z } from "zod";
import { buildNotificationMessage } from "../blocks/notification-blocks";
import type { SlackClient } from "../client/slack-client";
import { withClientMessageId } from "./client-message-id";

/**
 * `slack.sendNotification`: posts a rich notification (title, message, priority badge,
 * fields, link and buttons, rendered as Block Kit like `SlackNotifier`) with the step's
 * `client_msg_id`, so a retried step does not post twice. Output: `{ channel, ts }`, the
 * thread a later `slack.updateThreadStatus` can update.
 */
export function sendNotificationAction(client: SlackClient) {
  return defineWorkflowAction({
    name: "slack.sendNotification",
    description: "Post a rich Slack notification (once per step, even when retried).",
    input: z.object({
      channel: z.string().min(1),
      title: z.string().min(1),
      message: z.string().min(1),
      priority: notificationPrioritySchema.default("normal"),
      url: z.string().url().optional(),
      fields: z.array(z.object({ label: z.string().min(1), value: z.string() })).optional(),
      actions: z.array(notificationActionSchema).optional(),
      threadTs: z.string().optional(),
    }),
    async run(input, context) {
      const { channel, threadTs, ...fields } = input;
      const content = buildNotificationMessage(unifiedNotificationSchema.parse(fields));
      const posted = await client.postMessage(
        withClientMessageId(
          {
            channel,
            text: content.text,
            blocks: content.blocks,
            unfurl_links: false,
            unfurl_media: false,
            ...(threadTs ? { thread_ts: threadTs } : {}),
          },
          context.idempotencyKey,
        ),
      );
      return { channel: posted.channel ?? channel, ts: posted.ts ?? "" };
    },
  });
}
