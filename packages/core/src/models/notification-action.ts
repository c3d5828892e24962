import { z } from "zod";

/** A button on a notification: either a link or an action handled by the app. */
export const notificationActionSchema = z
  .object({
    /** Stable action id delivered back to the app when clicked (Slack `action_id`). */
    id: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[A-Za-z0-9_.:-]+$/, "action id may hold letters, digits and _ . : - only"),
    /** Button text. */
    label: z.string().min(1).max(75),
    /** Visual emphasis. */
    style: z.enum(["default", "primary", "danger"]).default("default"),
    /** Opens this URL when set. */
    url: z.string().url().optional(),
    /** Opaque value returned with the click. */
    value: z.string().max(2000).optional(),
    /** Ask for confirmation first. */
    confirm: z
      .object({ title: z.string(), text: z.string(), confirm: z.string(), deny: z.string() })
      .optional(),
  })
  .strict();

/** See {@link notificationActionSchema}. */
export type NotificationAction = z.output<typeof notificationActionSchema>;
