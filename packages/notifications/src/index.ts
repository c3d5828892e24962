/**
 * `@contexten/notifications`: routes events to people and channels (ownership,
 * subscriptions, preferences, quiet hours, identities across platforms) and delivers them
 * through any `Notifier`, with durable digests and escalation on `@contexten/workflows`.
 *
 * @packageDocumentation
 */

export {
  type DeliveryContext,
  NotificationEventTypes,
  type NotificationRenderer,
} from "./delivery/delivery-context";
export {
  composeDigest,
  DIGEST_WORKFLOW_ID,
  digestWorkflow,
  type QueuedItem,
  SEND_DIGEST_ACTION,
} from "./delivery/digest";
export {
  ACKNOWLEDGE_ACTION_ID,
  acknowledgementKey,
  ESCALATE_ACTION,
  ESCALATION_WORKFLOW_ID,
  escalationWorkflow,
  notificationIdOf,
} from "./delivery/escalation";
export { renderEventNotification } from "./delivery/render-event";
export type { DeliveryRecord } from "./delivery/send-notification";
export {
  type NotificationRule,
  type NotificationRuleInput,
  type NotificationTargetSpec,
  notificationRuleSchema,
  notificationTargetSpecSchema,
  type OwnerRole,
  ownerRoleSchema,
} from "./models/notification-rule";
export {
  type NotificationPreferences,
  notificationPreferencesSchema,
  type Person,
  type PersonInput,
  personSchema,
} from "./models/person";
export {
  createNotificationRouter,
  type DispatchResult,
  NotificationRouter,
  type NotificationRouterOptions,
} from "./notification-router";
export { IdentityDirectory, type IdentityLookup } from "./routing/identity-directory";
export {
  findActor,
  findOwners,
  type IdentityRef,
  type OwnerRef,
  type OwnerSource,
  ownerFinder,
} from "./routing/owners";
export { quietHoursEnd } from "./routing/quiet-hours";
export type { CompiledRule, NotificationTarget } from "./routing/route-event";
