import type { Migration } from "./migration";

/**
 * Workflow runs become queryable and their steps get a table of their own: `workflows`
 * gains the definition id, the trigger's correlation group, the manual input, the error
 * and the finish time (with indexes for listing by definition, trigger event and group);
 * `workflow_steps` holds one row per step of a run (status, attempts, output, error, what
 * a waiting step waits for), so parallel steps update their own rows without contention.
 */
export const workflowRuns: Migration = {
  version: 4,
  name: "workflow runs and steps",
  statements: [
    `ALTER TABLE workflows ADD COLUMN definition_id text COLLATE "C"`,
    "UPDATE workflows SET definition_id = definition->>'id'",
    "ALTER TABLE workflows ALTER COLUMN definition_id SET NOT NULL",
    `ALTER TABLE workflows ADD COLUMN correlation_id text COLLATE "C"`,
    "ALTER TABLE workflows ADD COLUMN input jsonb NOT NULL DEFAULT '{}'::jsonb",
    "ALTER TABLE workflows ADD COLUMN error jsonb",
    "ALTER TABLE workflows ADD COLUMN finished_at timestamptz",
    "CREATE INDEX workflows_definition_idx ON workflows (definition_id, created_at, id)",
    `CREATE INDEX workflows_trigger_event_idx ON workflows (trigger_event_id)
      WHERE trigger_event_id IS NOT NULL`,
    `CREATE INDEX workflows_correlation_idx ON workflows (correlation_id, created_at, id)
      WHERE correlation_id IS NOT NULL`,
    `CREATE TABLE workflow_steps (
      run_id text COLLATE "C" NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
      step_id text COLLATE "C" NOT NULL,
      position integer NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      output jsonb,
      error jsonb,
      wait jsonb,
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (run_id, step_id)
    )`,
    `CREATE INDEX workflow_steps_waiting_idx ON workflow_steps (updated_at, run_id, step_id)
      WHERE status = 'waiting'`,
  ],
};
