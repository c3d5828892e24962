export type {
  ApiCorsOptions,
  ApiIntegration,
  ApiLimits,
  ContextenApiOptions,
} from "./api-options";
export type { ApiAuthOptions, ApiCaller, ApiScope, ApiToken } from "./auth/bearer-auth";
export { ForbiddenError } from "./auth/require-scope";
export {
  type ApiConfigStore,
  DEFAULT_INTEGRATION_SETTINGS,
  type IntegrationSettings,
  MemoryApiConfigStore,
} from "./config/api-config-store";
export {
  type ConfigQueryable,
  createPostgresApiConfigStore,
  type PostgresApiConfigStoreOptions,
} from "./config/postgres-api-config-store";
export { API_BASE_PATH, type ContextenApi, createContextenApi } from "./create-contexten-api";
export { GRAPHQL_PATH } from "./graphql/create-graphql";
export type { GraphQLWebSocket } from "./graphql/graphql-websocket";
export type { EventFilter } from "./live/event-filter";
export {
  createMemoryLiveTransport,
  type LiveMessage,
  type LiveTransport,
  type WorkflowUpdate,
} from "./live/live-transport";
export {
  createPostgresLiveTransport,
  type NotificationClient,
  type NotificationPool,
  type PostgresLiveTransportOptions,
} from "./live/postgres-live-transport";
