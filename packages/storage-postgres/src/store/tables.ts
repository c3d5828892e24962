import { quoteSchemaName } from "./schema-name";

/** Schema-qualified, quoted table names, built once per store. */
export interface Tables {
  /** `"schema".events` */
  events: string;
  /** `"schema".event_keys` */
  eventKeys: string;
  /** `"schema".event_correlations` */
  links: string;
  /** `"schema".deliveries` */
  deliveries: string;
  /** `"schema".workflows` */
  workflows: string;
  /** `"schema".workflow_steps` */
  workflowSteps: string;
}

/** Qualifies every table with the (validated) schema name. */
export function qualifyTables(schema: string): Tables {
  const quoted = quoteSchemaName(schema);
  return {
    events: `${quoted}.events`,
    eventKeys: `${quoted}.event_keys`,
    links: `${quoted}.event_correlations`,
    deliveries: `${quoted}.deliveries`,
    workflows: `${quoted}.workflows`,
    workflowSteps: `${quoted}.workflow_steps`,
  };
}
