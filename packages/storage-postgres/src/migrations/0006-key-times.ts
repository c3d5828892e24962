import type { Migration } from "./migration";

/**
 * `event_keys.occurred_at`: each key row carries its event's time, indexed after the key
 * and kind, so "the newest (or oldest) few events of this key" is one short index range
 * scan however many events share the key: what keeps correlation flat on busy objects.
 */
export const keyTimes: Migration = {
  version: 6,
  name: "key times",
  statements: [
    "ALTER TABLE event_keys ADD COLUMN occurred_at timestamptz",
    `UPDATE event_keys AS k SET occurred_at = e.occurred_at
      FROM events AS e WHERE e.id = k.event_id`,
    "ALTER TABLE event_keys ALTER COLUMN occurred_at SET NOT NULL",
    `CREATE INDEX event_keys_key_time_idx
      ON event_keys (key, kind, occurred_at, event_id)`,
  ],
};
