import type { CorrelatedEvent } from "../models/correlated-event";

/** One webhook delivery and the events normalized from it, written together. */
export interface DeliveryRecord {
  /** Platform the delivery came from; delivery ids are unique per platform. */
  platform: string;
  /** The platform's delivery id (`X-GitHub-Delivery`, Slack `event_id`, …). */
  deliveryId: string;
  /** When the request arrived; what `prune` compares. */
  receivedAt: Date;
  /** The delivery's events, possibly none. */
  events: readonly CorrelatedEvent[];
}

/** Options for `EventStore.storeDelivery` (`@contexten/core`). */
export interface StoreDeliveryOptions {
  /**
   * Claim the delivery's after-ack work for the caller until this instant. Without it
   * the work is recorded as pending and unclaimed, for whoever calls
   * `claimPendingDeliveries` next (this is how a busy receiver sheds load to the store).
   */
  leaseUntil?: Date | undefined;
  /** The current time, compared with other callers' leases (default now). */
  now?: Date | undefined;
  /**
   * The delivery has no after-ack work (nothing runs after the acknowledgement): record it
   * as done, with no lease and nothing pending, so nobody has to complete it and a sweep
   * never claims it. `leaseUntil` is ignored. A repeat is a `duplicate`.
   */
  done?: boolean | undefined;
}

/**
 * What `EventStore.storeDelivery` (`@contexten/core`) did.
 *
 * - `stored`: the delivery is new; its events and its record were written in one step.
 * - `resumed`: the delivery was stored before but its after-ack work was never completed
 *   and nobody holds a lease on it (its receiver crashed, or shed it): the caller now
 *   holds the lease and should run that work again.
 * - `duplicate`: the delivery was stored before and its after-ack work is done, or
 *   another caller holds a lease on it.
 */
export type StoreDeliveryStatus = "stored" | "resumed" | "duplicate";

/** Result of `EventStore.storeDelivery` (`@contexten/core`). */
export interface StoreDeliveryResult {
  /** See {@link StoreDeliveryStatus}. */
  status: StoreDeliveryStatus;
  /** Ids of the delivery's events, in the delivery's order. */
  eventIds: string[];
}

/** A stored delivery whose after-ack work has not been completed. */
export interface PendingDelivery {
  /** Platform of the delivery. */
  platform: string;
  /** The platform's delivery id. */
  deliveryId: string;
  /** When it was received. */
  receivedAt: Date;
  /** Ids of its events, in the delivery's order. */
  eventIds: string[];
}

/** Options for `EventStore.claimPendingDeliveries` (`@contexten/core`). */
export interface ClaimPendingOptions {
  /** The claimed deliveries are leased to the caller until this instant. */
  leaseUntil: Date;
  /** The current time: deliveries whose lease ended before it can be claimed (default now). */
  now?: Date | undefined;
  /** At most this many deliveries, oldest first (default 100). */
  limit?: number | undefined;
  /** Only deliveries of these platforms (default: every platform). */
  platforms?: readonly string[] | undefined;
}
