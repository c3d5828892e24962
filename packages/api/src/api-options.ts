import type { CorrelationEngine, EventBus, EventStore, PlatformInterface } from "@contexten/core";
import type { WorkflowEngine } from "@contexten/workflows";
import type { ApiAuthOptions } from "./auth/bearer-auth";
import type { ApiConfigStore } from "./config/api-config-store";
import type { LiveTransport } from "./live/live-transport";

/** One platform the API serves. */
export interface ApiIntegration {
  /** Answers `POST /api/v1/integrations/<platform>/webhook` (core's `createWebhookHandler`). */
  webhook?: ((request: Request) => Promise<Response>) | undefined;
  /** Reports the platform's health for `GET /api/v1/integrations/status` and `integrationStatus`. */
  client?: Pick<PlatformInterface, "getHealthStatus"> | undefined;
}

/** Cross-origin access for browser dashboards. */
export interface ApiCorsOptions {
  /** Allowed origins, e.g. `["https://dash.example.com"]`, or `"*"`. */
  origin: string | readonly string[];
  /** How long browsers may cache a preflight answer, seconds (default 600). */
  maxAgeSeconds?: number | undefined;
}

/** Limits that keep one request from doing unbounded work. */
export interface ApiLimits {
  /** Deepest GraphQL selection accepted (default 10). */
  graphqlMaxDepth?: number | undefined;
  /** Highest GraphQL query cost accepted, as graphql-armor counts it (default 5000). */
  graphqlMaxCost?: number | undefined;
  /** Largest page a listing returns (default 200). */
  maxPageSize?: number | undefined;
  /** Largest lineage depth a request may ask for (default 10). */
  maxLineageDepth?: number | undefined;
  /** Largest JSON request body on non-webhook routes, bytes (default 1 MiB). */
  maxBodyBytes?: number | undefined;
}

/** Options for `createContextenApi`. */
export interface ContextenApiOptions {
  /** Stored events and links. */
  store: EventStore;
  /** Lineage reads and the rules `createCorrelationRule` adds to. */
  engine: CorrelationEngine;
  /** Workflow runs to list, read, trigger and cancel; the workflow routes answer 404 without it. */
  workflows?: WorkflowEngine | undefined;
  /** The platforms served, by name (`github`, `slack`, `linear` or your own). */
  integrations?: Readonly<Record<string, ApiIntegration>> | undefined;
  /** Bearer tokens for every route except webhooks and the OpenAPI document. */
  auth: ApiAuthOptions;
  /** Cross-origin access; none when absent. */
  cors?: ApiCorsOptions | undefined;
  /**
   * The bus the webhook handlers, correlation engine and workflow engine report to: its
   * `event` and `workflow` notices feed `eventStream` and `workflowUpdates` on every instance.
   */
  bus?: EventBus | undefined;
  /**
   * Carries live notices between instances (default in-process). With several instances
   * use `createPostgresLiveTransport` (or your own over Redis pub/sub).
   */
  live?: LiveTransport | undefined;
  /**
   * Where rules created through the API and integration settings are kept (default memory).
   * With several instances use `createPostgresApiConfigStore`.
   */
  config?: ApiConfigStore | undefined;
  /** Request limits. */
  limits?: ApiLimits | undefined;
  /** Receives unexpected errors (answered 500 without details) and background failures. */
  onError?: ((error: unknown) => void) | undefined;
}
