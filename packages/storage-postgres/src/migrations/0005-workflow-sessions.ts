import type { Migration } from "./migration";

/**
 * Sessions of interactive workflows (Slack modals), shared by every instance: the session
 * as tagged JSON (dates survive the trip), its expiry indexed for sweeping. Owned by
 * `createPostgresSessionStore`.
 */
export const workflowSessions: Migration = {
  version: 5,
  name: "workflow sessions",
  statements: [
    `CREATE TABLE workflow_sessions (
      id text COLLATE "C" PRIMARY KEY,
      data jsonb NOT NULL,
      expires_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    "CREATE INDEX workflow_sessions_expires_at_idx ON workflow_sessions (expires_at)",
  ],
};
