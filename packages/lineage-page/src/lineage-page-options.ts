import type {
  CorrelationEngine,
  EventBus,
  EventStore,
  WorkflowQuery,
  WorkflowRecord,
} from "@contexten/core";

/** Options of {@link createLineagePage}. */
export interface LineagePageOptions {
  /** Where events are read (payloads when a node is clicked). */
  store: EventStore;
  /** Lineage of an event or of what a search names. */
  engine: Pick<CorrelationEngine, "getEventLineage" | "getLineageByReference">;
  /** Recent workflow runs (a `WorkflowEngine` or a `WorkflowStore` wrapper); omitted: no runs panel. */
  workflows?: { listRuns(query?: WorkflowQuery): Promise<WorkflowRecord[]> } | undefined;
  /** Live updates; omitted: the page refreshes only when asked. */
  bus?: EventBus | undefined;
  /** Path the page is mounted at, e.g. `/lineage` (default: the root). */
  basePath?: string | undefined;
  /** Page title (default `contexten lineage`). */
  title?: string | undefined;
  /** Interval of keep-alive comments on the live stream, ms (default 15000). */
  heartbeatMs?: number | undefined;
}
