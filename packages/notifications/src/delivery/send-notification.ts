import {
  NotFoundError,
  type NotificationAction,
  type NotificationResult,
  type UnifiedNotificationInput,
} from "@contexten/core";
import { deriveEventId } from "@contexten/core/adapter";
import type { NotificationTarget } from "../routing/route-event";
import { type DeliveryContext, NotificationEventTypes } from "./delivery-context";
import { internalEvent } from "./internal-event";

/** What one delivery did. */
export interface DeliveryRecord {
  /** The target. */
  target: Pick<NotificationTarget, "platform" | "address">;
  /** `sent` now, or `duplicate` when an earlier call had already sent it. */
  outcome: "sent" | "duplicate";
  /** The platform's message id. */
  messageId: string;
  /** The thread it belongs to. */
  threadId: string | undefined;
}

/** Correlation key naming the thread of a group on one target. */
function threadKey(platform: string, address: string, group: string): string {
  return `notification:thread:${deriveEventId("contexten.notification.thread", platform, address, group)}`;
}

/**
 * Sends one notification to one target, once: a delivery record (an event with an id
 * derived from `scope` and the target) is looked up first and written after sending, so
 * handling an event again does not notify again. Follow-ups in the same correlation group
 * go into the first message's thread (`threadTs` for Slack, `threadKey` for email).
 */
export async function sendOnce(
  context: DeliveryContext,
  options: {
    scope: string;
    target: Pick<NotificationTarget, "platform" | "address" | "rules">;
    notification: UnifiedNotificationInput;
    group: string | null | undefined;
    parentEventId?: string | undefined;
    interactive?: { actions: NotificationAction[]; context: Record<string, unknown> } | undefined;
  },
): Promise<DeliveryRecord> {
  const { target } = options;
  const notifier = context.notifiers.get(target.platform);
  if (!notifier) {
    throw new NotFoundError({
      entity: "notifier",
      id: target.platform,
      message: `No notifier for platform "${target.platform}": pass one in notifiers.`,
    });
  }
  const recordId = deriveEventId(
    "contexten.notification.sent",
    options.scope,
    target.platform,
    target.address,
  );
  const previous = await context.events.get(recordId);
  if (previous) {
    return {
      target,
      outcome: "duplicate",
      messageId: String(previous.payload.messageId ?? ""),
      threadId: previous.payload.threadId as string | undefined,
    };
  }
  const key = options.group ? threadKey(target.platform, target.address, options.group) : undefined;
  const root = key ? await findThreadRoot(context, key) : undefined;
  const threading = options.group
    ? { threadKey: options.group, ...(root ? { threadTs: root } : {}) }
    : {};
  const notification = { ...options.notification, ...threading };
  const result: NotificationResult = options.interactive
    ? await notifier.createInteractiveNotification(target.address, {
        notification,
        actions: options.interactive.actions,
        context: options.interactive.context,
      })
    : await notifier.sendNotification(target.address, notification);
  const threadId = root ?? result.threadId ?? result.messageId;
  await context.events.append(
    internalEvent({
      id: recordId,
      type: NotificationEventTypes.sent,
      now: context.clock.now(),
      subjectId: recordId,
      keys: key ? [key] : [],
      parentEventId: options.parentEventId,
      payload: {
        platform: target.platform,
        address: target.address,
        rules: target.rules,
        messageId: result.messageId,
        threadId,
        title: options.notification.title,
      },
    }),
  );
  return { target, outcome: "sent", messageId: result.messageId, threadId };
}

async function findThreadRoot(context: DeliveryContext, key: string): Promise<string | undefined> {
  const records = await context.events.findByKeys([key]);
  const first = records
    .filter((record) => record.type === NotificationEventTypes.sent)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id))[0];
  const threadId = first?.payload.threadId;
  return typeof threadId === "string" && threadId.length > 0 ? threadId : undefined;
}
