import type { CacheConfigInput, Clock, StoredSession } from "@contexten/core";
import { Redis } from "ioredis";
import type { InvalidationMessage } from "./cache/invalidation-channel";
import { RedisCache } from "./cache/redis-cache";
import type { RedisClient } from "./rate-limit/bucket-script-client";
import {
  type RedisBackendMode,
  RedisRateLimitBackend,
  type RedisUnavailableBehaviour,
} from "./rate-limit/redis-rate-limit-backend";
import { RedisSessionStore } from "./sessions/redis-session-store";

/** Options of {@link createRedisState}. Pass `url` or `client`. */
export interface RedisStateOptions {
  /** A Redis URL (`redis://host:6379/0`, `rediss://…` for TLS); the state opens and closes its client. */
  url?: string | undefined;
  /** Or an ioredis client of yours (`Redis` or `Cluster`); never closed by the state. */
  client?: RedisClient | undefined;
  /** Prefix of every key and channel (default `contexten:`); the same on every instance. */
  keyPrefix?: string | undefined;
  /** Time source for budgets, cache freshness and session lifetimes (default system time). */
  clock?: Clock | undefined;
  /** What rate limiting does while Redis is out of reach (default `local-share`). */
  whenUnavailable?: RedisUnavailableBehaviour | undefined;
  /** Each instance's share of every budget during an outage (default: from heartbeats). */
  localShare?: number | undefined;
  /** Cache TTLs per platform and local-tier bounds. */
  cache?: CacheConfigInput | undefined;
  /** Told when another instance's cache change reached this one (receivedAt: real epoch ms). */
  onRemoteInvalidation?: ((message: InvalidationMessage, receivedAt: number) => void) | undefined;
  /** Told when rate limiting switches between Redis and its fallback. */
  onModeChange?: ((mode: RedisBackendMode, error?: unknown) => void) | undefined;
  /** Told about connection errors (default: ignored; ioredis reconnects by itself). */
  onError?: ((error: Error) => void) | undefined;
}

/** Everything several instances share, on one Redis connection. */
export interface RedisState<Session extends StoredSession = StoredSession> {
  /** The connection in use. */
  readonly client: RedisClient;
  /** Rate-limit budgets: pass as `backend` to `UnifiedRateLimiter`. */
  readonly rateLimitBackend: RedisRateLimitBackend;
  /** The two-tier response cache: pass as `cache` to the platform clients. */
  readonly cache: RedisCache;
  /** Sessions (Slack modal workflows): pass as `sessionStore` / `store`. */
  readonly sessions: RedisSessionStore<Session>;
  /** Stops the cache's subscription and closes the client if the state opened it. */
  close(): Promise<void>;
}

/**
 * Opens what an instance needs to share with the others on one Redis: budgets, the cache
 * and sessions, all under one key prefix. Every instance of a service calls it with the
 * same URL and prefix.
 *
 * @example
 * const shared = createRedisState<WorkflowSession>({ url: process.env.REDIS_URL });
 * const limiter = new UnifiedRateLimiter({ backend: shared.rateLimitBackend });
 * const github = createGitHubClient({ limiter, cache: shared.cache });
 */
export function createRedisState<Session extends StoredSession = StoredSession>(
  options: RedisStateOptions,
): RedisState<Session> {
  if ((options.url === undefined) === (options.client === undefined)) {
    throw new TypeError("createRedisState: pass exactly one of url and client.");
  }
  const owned = options.client === undefined;
  const client =
    options.client ??
    new Redis(options.url!, {
      // Commands sent while disconnected fail fast instead of waiting through every
      // reconnection attempt; rate limiting and the cache fall back meanwhile.
      maxRetriesPerRequest: 1,
    });
  if (owned) client.on("error", (error: Error) => options.onError?.(error));
  const common = {
    client,
    ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
  };
  const cache = new RedisCache({
    ...common,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.cache ? { config: options.cache } : {}),
    ...(options.onRemoteInvalidation ? { onRemoteInvalidation: options.onRemoteInvalidation } : {}),
  });
  return {
    client,
    rateLimitBackend: new RedisRateLimitBackend({
      ...common,
      ...(options.whenUnavailable ? { whenUnavailable: options.whenUnavailable } : {}),
      ...(options.localShare === undefined ? {} : { localShare: options.localShare }),
      ...(options.onModeChange ? { onModeChange: options.onModeChange } : {}),
    }),
    cache,
    sessions: new RedisSessionStore<Session>({
      ...common,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
    async close() {
      await cache.close();
      if (owned) client.disconnect();
    },
  };
}
