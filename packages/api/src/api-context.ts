import type { CorrelationEngine, EventStore } from "@contexten/core";
import type { WorkflowEngine } from "@contexten/workflows";
import type { ApiIntegration } from "./api-options";
import type { ApiCaller } from "./auth/bearer-auth";
import type { RuntimeConfig } from "./config/runtime-config";
import type { LiveFeed } from "./live/live-feed";

/** What every route and resolver reads. */
export interface ApiContext {
  store: EventStore;
  engine: CorrelationEngine;
  workflows: WorkflowEngine | undefined;
  integrations: Readonly<Record<string, ApiIntegration>>;
  config: RuntimeConfig;
  live: LiveFeed;
  limits: {
    maxPageSize: number;
    maxLineageDepth: number;
    graphqlMaxDepth: number;
    graphqlMaxCost: number;
    maxBodyBytes: number;
  };
}

/** Hono's per-request variables. */
export interface ApiEnv {
  Variables: { caller: ApiCaller };
}
