import { notificationPrioritySchema } from "@contexten/core/schemas";
import { z } from "zod";

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day such as "22:00"');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** How a person wants to be notified. */
export const notificationPreferencesSchema = z
  .object({
    /**
     * Platforms to reach the person on, in order of preference: the first one the person
     * has an address on is used (default `["slack", "email"]`).
     */
    channels: z.array(z.string().min(1)).min(1).default(["slack", "email"]),
    /**
     * Hours, in the person's time zone, when only `critical` notifications are sent; others
     * wait and arrive together when the quiet hours end. `start` may be after `end`
     * (overnight).
     */
    quietHours: z.object({ start: clockTime, end: clockTime }).strict().optional(),
    /** Priorities batched into a digest instead of sent at once (default `["low"]`). */
    digestPriorities: z.array(notificationPrioritySchema).default(["low"]),
    /** Length of a digest window, minutes (default 60). */
    digestWindowMinutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60)
      .default(60),
  })
  .strict();

/** See {@link notificationPreferencesSchema}. */
export type NotificationPreferences = z.output<typeof notificationPreferencesSchema>;

/**
 * A person and their identities across platforms. Any identity may be missing: the router
 * fills Slack (or other) ids from the email address through `lookups` where a platform
 * allows it.
 */
export const personSchema = z
  .object({
    /** Stable id used in rules (`{ kind: "person", person: "ada" }`). */
    id: z.string().min(1),
    /** Display name. */
    name: z.string().optional(),
    /** Email address. */
    email: z.string().email().optional(),
    /** GitHub login. */
    github: z.string().min(1).optional(),
    /** Slack user id (`U…`). */
    slack: z.string().min(1).optional(),
    /** Linear user id. */
    linear: z.string().min(1).optional(),
    /** IANA time zone for quiet hours, e.g. `Europe/Berlin` (default `UTC`). */
    timeZone: z
      .string()
      .refine(isTimeZone, "an IANA time zone such as Europe/Berlin")
      .default("UTC"),
    /** Preferences. */
    preferences: notificationPreferencesSchema.default(() =>
      notificationPreferencesSchema.parse({}),
    ),
  })
  .strict();

/** See {@link personSchema}. */
export type Person = z.output<typeof personSchema>;

/** Input form of {@link Person}. */
export type PersonInput = z.input<typeof personSchema>;
