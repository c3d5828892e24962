import type { Migration } from "./migration";

/**
 * `events.notes`: what contexten changed so an event could be stored as received (see
 * `CorrelatedEvent.notes`). Nullable and without a default, so adding it rewrites no rows
 * and events without notes cost nothing.
 */
export const eventNotes: Migration = {
  version: 2,
  name: "event notes",
  statements: ["ALTER TABLE events ADD COLUMN notes jsonb"],
};
