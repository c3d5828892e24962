import type {
  Clock,
  CorrelatedEvent,
  EventStore,
  Notifier,
  UnifiedNotificationInput,
} from "@contexten/core";
import type { IdentityDirectory } from "../routing/identity-directory";
import type { OwnerSource } from "../routing/owners";
import type { CompiledRule } from "../routing/route-event";

/** Turns an event into the notification people see. */
export type NotificationRenderer = (event: CorrelatedEvent) => UnifiedNotificationInput;

/** What delivery, digests and escalation share. */
export interface DeliveryContext {
  /** Where delivery records, digest queues, threads and acknowledgements are kept. */
  events: EventStore;
  /** Notifiers by platform. */
  notifiers: ReadonlyMap<string, Notifier>;
  /** People and identities. */
  directory: IdentityDirectory;
  /** Owners beyond the payload's (CODEOWNERS, …). */
  ownerSources: readonly OwnerSource[];
  /** The rules. */
  rules: readonly CompiledRule[];
  /** Renders events. */
  render: NotificationRenderer;
  /** Time. */
  clock: Clock;
}

/** Event types the router stores for itself. */
export const NotificationEventTypes = {
  /** A notification was delivered to one target. */
  sent: "notification.sent",
  /** A notification waits in a digest. */
  queued: "notification.queued",
  /** A digest went out. */
  digestSent: "notification.digest_sent",
  /** Someone acknowledged an urgent notification. */
  acknowledged: "notification.acknowledged",
} as const;
