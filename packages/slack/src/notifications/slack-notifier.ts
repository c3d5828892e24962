import {
  type InteractiveNotificationRequest,
  type InteractiveNotificationResult,
  NotFoundError,
  type NotificationResult,
  type Notifier,
  type UnifiedNotification,
  type UnifiedNotificationInput,
  type WorkflowStatus,
} from "@contexten/core";
import { parseWithSchema } from "@contexten/core/adapter";
import { unifiedNotificationSchema } from "@contexten/core/schemas";
import type { KnownBlock } from "@slack/web-api";
import { splitText } from "../blocks/mrkdwn";
import {
  buildNotificationMessage,
  type NotificationMessageOptions,
  type SlackMessageContent,
} from "../blocks/notification-blocks";
import { SLACK_LIMITS } from "../blocks/slack-limits";
import { statusLine, type ThreadStatus, withStatusBlock } from "../blocks/status-blocks";
import type { SlackClient } from "../client/slack-client";
import { slackTime } from "../webhooks/slack-event-base";

/**
 * A notification with Slack extras: a thread to
 * post into, Block Kit blocks to append, link unfurling.
 */
export interface RichNotification extends UnifiedNotificationInput {
  /** Post as a reply in this thread. */
  threadTs?: string;
  /** Also show a thread reply in the channel. */
  replyBroadcast?: boolean;
  /** Blocks appended after the generated ones. */
  blocks?: KnownBlock[];
  /** Let Slack unfurl links (default false: notifications stay compact). */
  unfurlLinks?: boolean;
}

/** Where a Slack message went: the `NotificationResult` plus Slack's ids. */
export interface SlackMessageResult extends NotificationResult {
  /** Channel id. */
  channel: string;
  /** The message ts. */
  ts: string;
}

/** What {@link SlackNotifier.updateThreadStatus} changed. */
export interface ThreadStatusResult {
  /** The root message that now shows the status. */
  root: { channel: string; ts: string };
  /** The status reply posted in the thread. */
  reply: { channel: string; ts: string };
}

/** Options of {@link SlackNotifier.updateThreadStatus}. */
export interface ThreadStatusOptions {
  /**
   * The root message's current content. When absent it is read with
   * `conversations.history` (which needs the `channels:history` scope).
   */
  original?: SlackMessageContent | undefined;
  /** Skip the reply in the thread; only update the root message. */
  silent?: boolean | undefined;
}

/** Options of {@link createSlackNotifier}. */
export interface SlackNotifierOptions {
  /** The Web API client. */
  client: SlackClient;
  /** Ask Slack for each message's permalink (`chat.getPermalink`, one more call). */
  permalinks?: boolean | undefined;
}

/**
 * Sends notifications to Slack (core's `Notifier` contract): `UnifiedNotification`s become
 * Block Kit messages (see `buildNotificationMessage`) posted with `chat.postMessage`,
 * paced at one message a second per channel. Invalid input throws `ValidationError`
 * before anything is sent; Slack's refusals are `ApiCallError`s.
 */
export class SlackNotifier implements Notifier {
  /** Platform id. */
  readonly platform = "slack";
  readonly #client: SlackClient;
  readonly #permalinks: boolean;

  constructor(options: SlackNotifierOptions) {
    this.#client = options.client;
    this.#permalinks = options.permalinks ?? false;
  }

  /** Sends a notification to a channel (id or `#name`) or a user id (a DM). */
  sendNotification(
    recipient: string,
    notification: UnifiedNotification | UnifiedNotificationInput,
  ): Promise<SlackMessageResult> {
    return this.sendRichNotification(recipient, notification);
  }

  /** Sends a notification with Slack extras: thread, extra blocks, unfurling. */
  sendRichNotification(
    channel: string,
    notification: RichNotification | UnifiedNotification,
  ): Promise<SlackMessageResult> {
    return this.#send(channel, notification, {});
  }

  /**
   * Sends a notification with buttons tied to a workflow: every button without its own
   * `value` carries the workflow id and context back with the click (the interaction
   * event's `workflowId` is set from it).
   */
  async createInteractiveNotification(
    recipient: string,
    request: InteractiveNotificationRequest,
  ): Promise<InteractiveNotificationResult> {
    const result = await this.#send(recipient, request.notification, {
      actions: request.actions,
      handback: { workflowId: request.workflowId, context: request.context },
    });
    const actionIds = [...(request.notification.actions ?? []), ...request.actions].map(
      (action) => action.id,
    );
    return {
      ...result,
      actionIds,
      ...(request.workflowId ? { workflowId: request.workflowId } : {}),
    };
  }

  /**
   * Shows a workflow's status on a thread: the
   * root message gets (or has replaced) a status line with `chat.update`, and the status is
   * posted into the thread with `chat.postMessage`, so followers are notified.
   * Throws `NotFoundError` when the root message does not exist.
   */
  async updateThreadStatus(
    channel: string,
    ts: string,
    status: WorkflowStatus | ThreadStatus,
    options: ThreadStatusOptions = {},
  ): Promise<ThreadStatusResult> {
    const thread: ThreadStatus = typeof status === "string" ? { status } : status;
    const original = options.original ?? (await this.#readMessage(channel, ts));
    const blocks =
      original.blocks.length > 0
        ? original.blocks
        : splitText(original.text, SLACK_LIMITS.sectionText).map(
            (text): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text } }),
          );
    const updated = await this.#client.updateMessage({
      channel,
      ts,
      text: original.text,
      blocks: withStatusBlock(blocks, thread),
    });
    const rootChannel = updated.channel ?? channel;
    if (options.silent) {
      return { root: { channel: rootChannel, ts }, reply: { channel: rootChannel, ts } };
    }
    const reply = await this.#client.postMessage({
      channel: rootChannel,
      thread_ts: ts,
      text: statusLine(thread),
    });
    return {
      root: { channel: rootChannel, ts },
      reply: { channel: reply.channel ?? rootChannel, ts: reply.ts ?? "" },
    };
  }

  async #readMessage(channel: string, ts: string): Promise<SlackMessageContent> {
    const history = await this.#client.history({
      channel,
      latest: ts,
      oldest: ts,
      inclusive: true,
      limit: 1,
    });
    const message = history.messages?.find((candidate) => candidate.ts === ts);
    if (!message) {
      throw new NotFoundError({
        entity: "Slack message",
        id: `${channel}/${ts}`,
        platform: "slack",
        message: `No message ${ts} in channel ${channel}: pass the ts of a thread's root message.`,
      });
    }
    return { text: message.text ?? "", blocks: (message.blocks ?? []) as KnownBlock[] };
  }

  async #send(
    channel: string,
    input: RichNotification | UnifiedNotification,
    options: NotificationMessageOptions,
  ): Promise<SlackMessageResult> {
    const { threadTs, replyBroadcast, blocks, unfurlLinks, ...rest } = input as RichNotification;
    const notification = parseWithSchema(unifiedNotificationSchema, rest, "UnifiedNotification");
    const content = buildNotificationMessage(notification, { ...options, extraBlocks: blocks });
    const message = {
      channel,
      text: content.text,
      blocks: content.blocks,
      unfurl_links: unfurlLinks ?? false,
      unfurl_media: unfurlLinks ?? false,
    };
    const posted = await this.#client.postMessage(
      threadTs === undefined
        ? message
        : replyBroadcast
          ? { ...message, thread_ts: threadTs, reply_broadcast: true }
          : { ...message, thread_ts: threadTs },
    );
    const ts = posted.ts ?? "";
    const recipient = posted.channel ?? channel;
    let url: string | undefined;
    if (this.#permalinks) {
      const permalink = await this.#client.request("chat.getPermalink", (web) =>
        web.chat.getPermalink({ channel: recipient, message_ts: ts }),
      );
      url = permalink.permalink;
    }
    return {
      platform: this.platform,
      recipient,
      channel: recipient,
      ts,
      messageId: ts,
      threadId: threadTs ?? ts,
      sentAt: slackTime(ts, new Date()),
      ...(url ? { url } : {}),
    };
  }
}

/** Creates a {@link SlackNotifier}. */
export function createSlackNotifier(options: SlackNotifierOptions): SlackNotifier {
  return new SlackNotifier(options);
}
