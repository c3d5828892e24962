import type { Migration } from "./migration";

/**
 * The `events`, `event_correlations` and `workflows` tables: ids are text (adapters derive them from deliveries, they are not always
 * UUIDs), events carry `received_at`, `subject`, `keys` and `refs`, links carry their
 * evidence and an exact `strength`; `event_keys` indexes every key and ref for
 * `findByKeys`; `deliveries` makes webhook dedupe atomic through its primary key.
 *
 * Ids and keys use the binary `"C"` collation: ties in `(occurred_at, id)` order the same
 * way in every database (the contract's UTF-16/binary order, whatever the database's
 * default collation) and comparisons in the indexes are cheaper.
 */
export const initialSchema: Migration = {
  version: 1,
  name: "initial schema",
  statements: [
    `CREATE TABLE events (
      id text COLLATE "C" PRIMARY KEY,
      type text NOT NULL,
      platform text NOT NULL,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      delivery_id text,
      subject jsonb NOT NULL,
      keys jsonb NOT NULL DEFAULT '[]'::jsonb,
      refs jsonb NOT NULL DEFAULT '[]'::jsonb,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      correlation_id text COLLATE "C",
      parent_event_id text COLLATE "C",
      workflow_id text COLLATE "C",
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    "CREATE INDEX events_occurred_at_id_idx ON events (occurred_at, id)",
    `CREATE INDEX events_correlation_id_idx ON events (correlation_id, occurred_at, id)
      WHERE correlation_id IS NOT NULL`,
    `CREATE TABLE event_keys (
      key text COLLATE "C" NOT NULL,
      kind text NOT NULL CHECK (kind IN ('key', 'ref')),
      event_id text COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      PRIMARY KEY (key, kind, event_id)
    )`,
    "CREATE INDEX event_keys_event_id_idx ON event_keys (event_id)",
    `CREATE TABLE event_correlations (
      id text COLLATE "C" PRIMARY KEY,
      source_event_id text COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      target_event_id text COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
      rule text NOT NULL,
      strength double precision NOT NULL CHECK (strength > 0 AND strength <= 1),
      evidence jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_at timestamptz NOT NULL
    )`,
    `CREATE INDEX event_correlations_source_idx
      ON event_correlations (source_event_id, target_event_id)`,
    `CREATE INDEX event_correlations_target_idx
      ON event_correlations (target_event_id, source_event_id)`,
    `CREATE TABLE deliveries (
      platform text COLLATE "C" NOT NULL,
      delivery_id text COLLATE "C" NOT NULL,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (platform, delivery_id)
    )`,
    "CREATE INDEX deliveries_received_at_idx ON deliveries (received_at)",
    `CREATE TABLE workflows (
      id text COLLATE "C" PRIMARY KEY,
      name text NOT NULL,
      definition jsonb NOT NULL,
      status text NOT NULL,
      trigger_event_id text COLLATE "C",
      state jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    "CREATE INDEX workflows_created_at_idx ON workflows (created_at, id)",
    "CREATE INDEX workflows_status_created_at_idx ON workflows (status, created_at, id)",
  ],
};
