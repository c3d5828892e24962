import type { Migration } from "./migration";

/**
 * The after-ack work of each delivery, so a crash between storing a delivery and running
 * its handlers is resumed instead of lost: `pending` until `completeDelivery`, the ids of
 * the delivery's events, and the lease of whoever is working on it. Rows recorded before
 * (and through `recordDelivery`) count as done; the constant defaults rewrite no rows.
 * A partial index keeps `claimPendingDeliveries` cheap however many deliveries are done.
 */
export const deliveryWork: Migration = {
  version: 3,
  name: "delivery work",
  statements: [
    "ALTER TABLE deliveries ADD COLUMN pending boolean NOT NULL DEFAULT false",
    "ALTER TABLE deliveries ADD COLUMN event_ids jsonb NOT NULL DEFAULT '[]'::jsonb",
    "ALTER TABLE deliveries ADD COLUMN lease_until timestamptz",
    "CREATE INDEX deliveries_pending_idx ON deliveries (received_at) WHERE pending",
  ],
};
