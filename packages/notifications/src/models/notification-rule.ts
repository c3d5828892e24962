import { eventPatternSchema, notificationPrioritySchema } from "@contexten/core/schemas";
import { z } from "zod";

/**
 * Roles of the people who own the object an event is about. `codeowners` come from the
 * router's `ownerSources` (for example CODEOWNERS of a pull request's changed files).
 */
export const ownerRoleSchema = z.enum([
  "author",
  "reviewers",
  "assignees",
  "subscribers",
  "codeowners",
]);

/** See {@link ownerRoleSchema}. */
export type OwnerRole = z.infer<typeof ownerRoleSchema>;

/**
 * Who a rule notifies:
 *
 * - `owners`: the people who own the event's object (a PR's author and requested reviewers,
 *   a Linear issue's assignee and subscribers, and what the router's `ownerSources` add,
 *   such as a PR's code owners), optionally only some `roles`;
 * - `channel`: a channel on a notifier's platform, e.g. `{ platform: "slack", channel: "#eng" }`;
 * - `person`: a person from the router's `people`, by id.
 */
export const notificationTargetSpecSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("owners"),
      roles: z.array(ownerRoleSchema).min(1).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("channel"),
      platform: z.string().min(1),
      channel: z.string().min(1),
    })
    .strict(),
  z.object({ kind: z.literal("person"), person: z.string().min(1) }).strict(),
]);

/** See {@link notificationTargetSpecSchema}. */
export type NotificationTargetSpec = z.infer<typeof notificationTargetSpecSchema>;

/**
 * A routing rule, as data: which events (core `EventPattern`s: type globs, platforms,
 * payload matchers such as `{ "repository.full_name": "acme/api" }`) reach which targets,
 * at what priority, and whom to escalate to when an urgent one is not acknowledged.
 */
export const notificationRuleSchema = z
  .object({
    /** Unique name, shown in routing results. */
    name: z.string().min(1),
    /** Events the rule applies to: one pattern or a list (any of them). */
    events: z.union([eventPatternSchema, z.array(eventPatternSchema).min(1)]),
    /** Who is notified. */
    targets: z.array(notificationTargetSpecSchema).min(1),
    /** Priority of the notification (default: what the renderer chose, usually `normal`). */
    priority: notificationPrioritySchema.optional(),
    /** Leave out the person who caused the event (default true). */
    excludeActor: z.boolean().default(true),
    /**
     * For `critical` notifications: when nobody acknowledges within `afterMinutes`, notify
     * `to` as well.
     */
    escalation: z
      .object({
        afterMinutes: z.number().positive(),
        to: z.array(notificationTargetSpecSchema).min(1),
      })
      .strict()
      .optional(),
  })
  .strict();

/** See {@link notificationRuleSchema}. */
export type NotificationRule = z.output<typeof notificationRuleSchema>;

/** Input form of {@link NotificationRule}. */
export type NotificationRuleInput = z.input<typeof notificationRuleSchema>;
