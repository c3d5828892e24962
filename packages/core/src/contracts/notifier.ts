import type { NotificationAction } from "../models/notification-action";
import type { UnifiedNotification, UnifiedNotificationInput } from "../models/unified-notification";

/** What a {@link Notifier} reports after sending. */
export interface NotificationResult {
  /** Platform it was sent on. */
  platform: string;
  /** The recipient as resolved by the platform (channel id, user id). */
  recipient: string;
  /** Platform id of the message (Slack `ts`). */
  messageId: string;
  /** Thread the message roots or belongs to, for later status updates. */
  threadId?: string;
  /** Permalink, when the platform gives one. */
  url?: string;
  /** When the platform accepted it. */
  sentAt: Date;
}

/** A notification that asks a person to act. */
export interface InteractiveNotificationRequest {
  /** What to show. */
  notification: UnifiedNotificationInput;
  /** The choices offered; each id comes back with the person's click. */
  actions: NotificationAction[];
  /** Workflow this interaction belongs to, if any. */
  workflowId?: string;
  /** Data handed back to the action handlers. */
  context?: Record<string, unknown>;
}

/** What {@link Notifier.createInteractiveNotification} reports. */
export interface InteractiveNotificationResult extends NotificationResult {
  /** The action ids offered, in order. */
  actionIds: string[];
  /** The workflow it belongs to, if any. */
  workflowId?: string;
}

/**
 * Sends notifications. Conformance:
 * `runNotifierConformance` in `@contexten/core/testing/conformance`.
 */
export interface Notifier {
  /** Platform id. */
  readonly platform: string;
  /** Sends a notification to a recipient (channel, user). */
  sendNotification(
    recipient: string,
    notification: UnifiedNotification | UnifiedNotificationInput,
  ): Promise<NotificationResult>;
  /** Sends a notification with action buttons tied to a workflow. */
  createInteractiveNotification(
    recipient: string,
    request: InteractiveNotificationRequest,
  ): Promise<InteractiveNotificationResult>;
}
