import { z } from "zod";
import { notificationActionSchema } from "./notification-action";

/** How urgent a notification is; notifiers show it clearly. */
export const notificationPrioritySchema = z.enum(["critical", "high", "normal", "low"]);

/** See {@link notificationPrioritySchema}. */
export type NotificationPriority = z.infer<typeof notificationPrioritySchema>;

/** A platform-neutral notification. */
export const unifiedNotificationSchema = z.object({
  /** Headline. */
  title: z.string().min(1),
  /** Body in Markdown. */
  message: z.string(),
  /** Urgency. */
  priority: notificationPrioritySchema.default("normal"),
  /** Label/value pairs shown as fields (`Status: In Review`). */
  fields: z.array(z.object({ label: z.string().min(1), value: z.string() })).default([]),
  /** Main link (the PR, the issue). */
  url: z.string().url().optional(),
  /** Free-form context for templates and workflow handlers. */
  context: z.record(z.string(), z.unknown()).default({}),
  /** Buttons. */
  actions: z.array(notificationActionSchema).default([]),
});

/** See {@link unifiedNotificationSchema}. */
export type UnifiedNotification = z.output<typeof unifiedNotificationSchema>;

/** Input form of {@link UnifiedNotification}: fields with defaults may be omitted. */
export type UnifiedNotificationInput = z.input<typeof unifiedNotificationSchema>;
