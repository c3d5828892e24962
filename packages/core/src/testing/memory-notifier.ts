import type {
  InteractiveNotificationRequest,
  InteractiveNotificationResult,
  NotificationResult,
  Notifier,
} from "../contracts/notifier";
import { parseWithSchema } from "../errors/parse-with-schema";
import {
  type UnifiedNotification,
  type UnifiedNotificationInput,
  unifiedNotificationSchema,
} from "../models/unified-notification";

/** A notification a {@link MemoryNotifier} received. */
export interface RecordedNotification {
  /** The result returned to the caller. */
  result: NotificationResult;
  /** The validated notification. */
  notification: UnifiedNotification;
  /** Action ids offered, in order. */
  actionIds: string[];
  /** Text a person would read: title, priority, message and fields. */
  text: string;
}

/**
 * An in-memory {@link Notifier} that records what it was asked to send, for tests of
 * code that notifies people. It passes `runNotifierConformance`.
 */
export class MemoryNotifier implements Notifier {
  /** Platform id reported on results. */
  readonly platform: string;
  /** Everything sent, in order. */
  readonly sent: RecordedNotification[] = [];

  constructor(options: { platform?: string } = {}) {
    this.platform = options.platform ?? "memory";
  }

  async sendNotification(
    recipient: string,
    input: UnifiedNotification | UnifiedNotificationInput,
  ): Promise<NotificationResult> {
    return this.record(recipient, input, []).result;
  }

  async createInteractiveNotification(
    recipient: string,
    request: InteractiveNotificationRequest,
  ): Promise<InteractiveNotificationResult> {
    const actions = [...(request.notification.actions ?? []), ...request.actions];
    const recorded = this.record(
      recipient,
      { ...request.notification, actions },
      actions.map((action) => action.id),
    );
    return { ...recorded.result, actionIds: recorded.actionIds, workflowId: request.workflowId };
  }

  private record(
    recipient: string,
    input: UnifiedNotification | UnifiedNotificationInput,
    actionIds: string[],
  ): RecordedNotification {
    const notification = parseWithSchema(unifiedNotificationSchema, input, "UnifiedNotification");
    const result: NotificationResult = {
      platform: this.platform,
      recipient,
      messageId: `memory-message-${this.sent.length + 1}`,
      sentAt: new Date(),
    };
    const text = [
      `[${notification.priority}] ${notification.title}`,
      notification.message,
      ...notification.fields.map((field) => `${field.label}: ${field.value}`),
    ].join("\n");
    const recorded = { result, notification, actionIds, text };
    this.sent.push(recorded);
    return recorded;
  }
}
