import {
  type NotificationAction,
  type UnifiedNotification,
  ValidationError,
} from "@contexten/core";
import { parseWithSchema } from "@contexten/core/adapter";
import { notificationActionSchema } from "@contexten/core/schemas";
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  SectionBlock,
} from "@slack/web-api";
import {
  escapeMrkdwn,
  markdownToMrkdwn,
  markdownToPlainText,
  splitText,
  truncateText,
} from "./mrkdwn";
import { PRIORITY_BADGES } from "./presentation";
import { SLACK_LIMITS } from "./slack-limits";

/** A message ready for `chat.postMessage`: blocks and the plain-text fallback. */
export interface SlackMessageContent {
  /** Fallback shown in notifications, screen readers and clients without Block Kit. */
  text: string;
  /** Block Kit layout. */
  blocks: KnownBlock[];
}

/** A `NotificationAction` as callers write it: `style` defaults to `default`. */
export type NotificationActionInput = Omit<NotificationAction, "style"> & {
  /** Visual emphasis; default `default`. */
  style?: NotificationAction["style"];
};

/** Options of {@link buildNotificationMessage}. */
export interface NotificationMessageOptions {
  /** Extra buttons after the notification's own actions (interactive notifications). */
  actions?: readonly NotificationActionInput[] | undefined;
  /**
   * Data handed back with every button click that has no `value` of its own, encoded as
   * JSON in the button's `value` (at most 2,000 characters): the workflow id and context.
   */
  handback?: { workflowId?: string; context?: Record<string, unknown> } | undefined;
  /** Blocks appended after the generated ones (counted against the 50-block limit). */
  extraBlocks?: readonly KnownBlock[] | undefined;
}

/** `block_id` of the actions blocks contexten generates (`contexten_actions`, `contexten_actions_2`, …). */
export const ACTIONS_BLOCK_ID = "contexten_actions";

/**
 * Turns a `UnifiedNotification` into Block Kit: a header with the priority emoji,
 * a context line with the priority label (and the link), the Markdown message converted
 * to `mrkdwn` in sections of at most 3,000 characters, fields ten to a section (each at
 * most 2,000 characters), and buttons 25 to an actions block. Every input is escaped, so
 * no user text can form a link or a `<!channel>` mention. Long content is split, and when
 * the message would exceed Slack's 50 blocks the message text is cut with a notice.
 *
 * Pure: no I/O, deterministic for the same input.
 */
export function buildNotificationMessage(
  notification: UnifiedNotification,
  options: NotificationMessageOptions = {},
): SlackMessageContent {
  const badge = PRIORITY_BADGES[notification.priority];
  const actions = [
    ...notification.actions,
    ...(options.actions ?? []).map((action) =>
      parseWithSchema(notificationActionSchema, action, "NotificationAction"),
    ),
  ];
  assertUniqueActionIds(actions);

  const head: KnownBlock[] = [headerBlock(`${badge.emoji} ${notification.title}`)];
  if (badge.emoji.length + 1 + notification.title.length > SLACK_LIMITS.headerText) {
    // The header was cut: repeat the whole title where it fits.
    head.push(...sectionBlocks(`*${escapeMrkdwn(notification.title)}*`));
  }
  head.push(contextBlock(notification));

  const tail: KnownBlock[] = [
    ...fieldBlocks(notification.fields),
    ...actionBlocks(actions, options.handback),
    ...(options.extraBlocks ?? []),
  ];
  const room = SLACK_LIMITS.messageBlocks - head.length - tail.length;
  if (room < 1) {
    throw new ValidationError({
      platform: "slack",
      message: `The notification needs ${head.length + tail.length + 1} blocks, more than Slack's ${SLACK_LIMITS.messageBlocks} per message: send fewer fields, actions or extra blocks.`,
    });
  }
  const body = messageBlocks(notification.message, room);
  return {
    text: fallbackText(notification),
    blocks: [...head, ...body, ...tail],
  };
}

/** `🔴 [High] Title: message` in plain text, escaped, at most 3,000 characters. */
function fallbackText(notification: UnifiedNotification): string {
  const badge = PRIORITY_BADGES[notification.priority];
  const message = markdownToPlainText(notification.message).replace(/\s+/g, " ").trim();
  const line = `${badge.emoji} [${badge.label}] ${notification.title}${message ? `: ${message}` : ""}`;
  return truncateText(escapeMrkdwn(line), SLACK_LIMITS.sectionText);
}

function headerBlock(text: string): HeaderBlock {
  return {
    type: "header",
    text: { type: "plain_text", text: truncateText(text, SLACK_LIMITS.headerText), emoji: true },
  };
}

function contextBlock(notification: UnifiedNotification): ContextBlock {
  const badge = PRIORITY_BADGES[notification.priority];
  const parts = [`${badge.emoji} *${badge.label} priority*`];
  if (notification.url) parts.push(`<${escapeMrkdwn(notification.url)}|Open>`);
  return { type: "context", elements: [{ type: "mrkdwn", text: parts.join("  ·  ") }] };
}

function sectionBlocks(mrkdwn: string): SectionBlock[] {
  return splitText(mrkdwn, SLACK_LIMITS.sectionText).map((text) => ({
    type: "section",
    text: { type: "mrkdwn", text },
  }));
}

function messageBlocks(message: string, room: number): SectionBlock[] {
  if (message.trim() === "") return [];
  const sections = sectionBlocks(markdownToMrkdwn(message));
  if (sections.length <= room) return sections;
  const kept = sections.slice(0, room - 1);
  const dropped = sections.slice(room - 1).reduce((sum, block) => sum + block.text!.text.length, 0);
  kept.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text: `_…${dropped} more characters were cut: Slack allows ${SLACK_LIMITS.messageBlocks} blocks per message._`,
    },
  });
  return kept;
}

function fieldBlocks(fields: UnifiedNotification["fields"]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += SLACK_LIMITS.sectionFields) {
    blocks.push({
      type: "section",
      fields: fields.slice(start, start + SLACK_LIMITS.sectionFields).map((field) => ({
        type: "mrkdwn",
        text: truncateText(
          `*${escapeMrkdwn(field.label)}*\n${markdownToMrkdwn(field.value)}`,
          SLACK_LIMITS.fieldText,
        ),
      })),
    });
  }
  return blocks;
}

function actionBlocks(
  actions: readonly NotificationAction[],
  handback: NotificationMessageOptions["handback"],
): ActionsBlock[] {
  const encodedHandback = encodeHandback(handback);
  const blocks: ActionsBlock[] = [];
  for (let start = 0; start < actions.length; start += SLACK_LIMITS.actionsElements) {
    const index = start / SLACK_LIMITS.actionsElements;
    blocks.push({
      type: "actions",
      block_id: index === 0 ? ACTIONS_BLOCK_ID : `${ACTIONS_BLOCK_ID}_${index + 1}`,
      elements: actions
        .slice(start, start + SLACK_LIMITS.actionsElements)
        .map((action) => toButton(action, encodedHandback)),
    });
  }
  return blocks;
}

/** A notification action as a Block Kit button. */
export function toButton(action: NotificationAction, fallbackValue?: string): Button {
  const button: Button = {
    type: "button",
    action_id: action.id,
    text: {
      type: "plain_text",
      text: truncateText(action.label, SLACK_LIMITS.buttonText),
      emoji: true,
    },
  };
  if (action.style !== "default") button.style = action.style;
  if (action.url) button.url = action.url;
  const value = action.value ?? fallbackValue;
  if (value !== undefined) button.value = value;
  if (action.confirm) {
    button.confirm = {
      title: {
        type: "plain_text",
        text: truncateText(action.confirm.title, SLACK_LIMITS.confirmTitle),
      },
      text: { type: "mrkdwn", text: truncateText(action.confirm.text, SLACK_LIMITS.confirmText) },
      confirm: {
        type: "plain_text",
        text: truncateText(action.confirm.confirm, SLACK_LIMITS.confirmButton),
      },
      deny: {
        type: "plain_text",
        text: truncateText(action.confirm.deny, SLACK_LIMITS.confirmButton),
      },
    };
  }
  return button;
}

/** The JSON a button carries back when it has no value of its own; see {@link readHandback}. */
function encodeHandback(handback: NotificationMessageOptions["handback"]): string | undefined {
  if (!handback || (handback.workflowId === undefined && handback.context === undefined)) {
    return undefined;
  }
  const encoded = JSON.stringify({ contexten: handback });
  if (encoded.length > SLACK_LIMITS.buttonValue) {
    throw new ValidationError({
      platform: "slack",
      message: `The workflow id and context need ${encoded.length} characters, more than the ${SLACK_LIMITS.buttonValue} a Slack button value holds: store the context and pass its id instead.`,
    });
  }
  return encoded;
}

/**
 * Reads the workflow id and context a button click carries back (see
 * {@link NotificationMessageOptions.handback}); undefined for any other value.
 */
export function readHandback(
  value: string | undefined,
): { workflowId?: string; context?: Record<string, unknown> } | undefined {
  if (!value?.startsWith('{"contexten":')) return undefined;
  try {
    const parsed = JSON.parse(value) as { contexten?: unknown };
    const handback = parsed.contexten;
    if (typeof handback !== "object" || handback === null) return undefined;
    const { workflowId, context } = handback as Record<string, unknown>;
    return {
      ...(typeof workflowId === "string" ? { workflowId } : {}),
      ...(typeof context === "object" && context !== null
        ? { context: context as Record<string, unknown> }
        : {}),
    };
  } catch {
    return undefined;
  }
}

function assertUniqueActionIds(actions: readonly NotificationAction[]): void {
  const seen = new Set<string>();
  for (const action of actions) {
    if (seen.has(action.id)) {
      throw new ValidationError({
        platform: "slack",
        message: `Action id "${action.id}" appears twice; Slack needs every action_id in a message to be unique.`,
        issues: [{ path: "actions", message: `duplicate action id ${action.id}` }],
      });
    }
    seen.add(action.id);
  }
}
