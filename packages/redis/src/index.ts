/**
 * `@contexten/redis`: what several contexten instances must share, on Redis: rate-limit
 * budgets (`RedisRateLimitBackend`), a two-tier response cache (`RedisCache`) and
 * sessions (`RedisSessionStore`). Point every instance at the same Redis and key prefix.
 *
 * @packageDocumentation
 */

export type { InvalidationMessage } from "./cache/invalidation-channel";
export { RedisCache, type RedisCacheOptions } from "./cache/redis-cache";
export type { RedisClient } from "./rate-limit/bucket-script-client";
export {
  type RedisBackendMode,
  RedisRateLimitBackend,
  type RedisRateLimitBackendOptions,
  type RedisUnavailableBehaviour,
} from "./rate-limit/redis-rate-limit-backend";
export { createRedisState, type RedisState, type RedisStateOptions } from "./redis-state";
export {
  RedisSessionStore,
  type RedisSessionStoreOptions,
} from "./sessions/redis-session-store";
