import { randomUUID } from "node:crypto";
import {
  type Cache,
  type CacheConfig,
  type CacheConfigInput,
  type CacheEntry,
  type CacheSetOptions,
  type Clock,
  systemClock,
} from "@contexten/core";
import {
  globToRegExp,
  parseTagged,
  parseWithSchema,
  stringifyTagged,
} from "@contexten/core/adapter";
import { cacheConfigSchema } from "@contexten/core/schemas";
import { LRUCache } from "lru-cache";
import type { RedisClient } from "../rate-limit/bucket-script-client";
import { ConnectionWatch } from "../rate-limit/redis-availability";
import { InvalidationChannel, type InvalidationMessage } from "./invalidation-channel";
import { toRedisMatch } from "./redis-glob";

/** Options of {@link RedisCache}. */
export interface RedisCacheOptions {
  /** An ioredis client for commands; the cache never closes it. */
  client: RedisClient;
  /**
   * A connection for the invalidation subscription. Default: `client.duplicate()`, opened
   * and closed by the cache (a subscribed connection cannot send other commands).
   */
  subscriber?: RedisClient | undefined;
  /** Prefix of every key and of the channel (default `contexten:`); shared by all instances. */
  keyPrefix?: string | undefined;
  /** TTLs per platform and the local tier's bounds, as for core's `MemoryCache`. */
  config?: CacheConfigInput | undefined;
  /** Time source for freshness (default system time). */
  clock?: Clock | undefined;
  /**
   * How long an entry stays in Redis after it went stale, seconds, so it can still be
   * revalidated with `If-None-Match` (default one day; Redis's own eviction may drop it sooner).
   */
  staleRetentionSeconds?: number | undefined;
  /** Called when another instance's change reached this instance's local tier. */
  onRemoteInvalidation?: ((message: InvalidationMessage, receivedAt: number) => void) | undefined;
}

const KEY_SPACE = "cache:";

function isEntry(value: unknown): value is CacheEntry {
  const entry = value as CacheEntry | undefined;
  return (
    typeof entry === "object" &&
    entry !== null &&
    "value" in entry &&
    typeof entry.expiresAt === "number" &&
    typeof entry.storedAt === "number"
  );
}

/**
 * The two-tier cache several instances share: a bounded local LRU in front of Redis.
 * Reads try the local tier, then Redis (and keep what they found locally); writes go to
 * both and tell every other instance over pub/sub to drop its local copy, so nobody serves
 * what another instance replaced. ETags and `Last-Modified` travel with the entry, so a
 * response one instance cached is revalidated by any other. Values are stored as tagged
 * JSON (dates and bytes survive; keys that could poison prototypes are dropped on read).
 *
 * When Redis is out of reach the cache keeps working on its local tier alone, and drops
 * that tier when the invalidation channel reconnects (messages may have been missed).
 */
export class RedisCache implements Cache {
  readonly config: CacheConfig;
  readonly #client: RedisClient;
  readonly #clock: Clock;
  readonly #prefix: string;
  readonly #staleMs: number;
  readonly #local: LRUCache<string, CacheEntry>;
  readonly #channel: InvalidationChannel;
  readonly #connection: ConnectionWatch;
  readonly #id = randomUUID();
  /** Sizes of local entries (their stored text), for the LRU's byte bound. */
  readonly #sizes = new Map<string, number>();
  /** Bumped by every remote change: a read that raced one does not fill the local tier. */
  #remoteChanges = 0;

  constructor(options: RedisCacheOptions) {
    this.config = parseWithSchema(cacheConfigSchema, options.config ?? {}, "cache config");
    this.#client = options.client;
    this.#clock = options.clock ?? systemClock;
    const keyPrefix = options.keyPrefix ?? "contexten:";
    this.#prefix = keyPrefix + KEY_SPACE;
    this.#staleMs = (options.staleRetentionSeconds ?? 86_400) * 1000;
    this.#connection = new ConnectionWatch(options.client);
    this.#local = new LRUCache<string, CacheEntry>({
      max: this.config.maxEntries,
      maxSize: this.config.maxSizeBytes,
      sizeCalculation: (_entry, key) => Math.max(1, this.#sizes.get(key) ?? key.length),
    });
    this.#channel = new InvalidationChannel(
      options.client,
      `${keyPrefix}${KEY_SPACE}invalidations`,
      {
        onMessage: (message) => {
          if (message.from === this.#id) return;
          this.#remoteChanges += 1;
          this.#dropLocal(message);
          options.onRemoteInvalidation?.(message, performance.timeOrigin + performance.now());
        },
        onReconnect: () => {
          this.#remoteChanges += 1;
          this.#local.clear();
        },
      },
      options.subscriber,
    );
  }

  /** Resolves once this instance hears other instances' invalidations. */
  get ready(): Promise<void> {
    return this.#channel.ready;
  }

  /** TTL in seconds for a platform, from the config. */
  ttlSecondsFor(platform: string | undefined): number {
    return (
      (platform === undefined ? undefined : this.config.ttlSeconds[platform]) ??
      this.config.defaultTtlSeconds
    );
  }

  async get<Value = unknown>(
    key: string,
    options: { includeStale?: boolean } = {},
  ): Promise<CacheEntry<Value> | undefined> {
    const now = this.#clock.now();
    const local = this.#local.get(key);
    if (local && local.expiresAt > now) return local as CacheEntry<Value>;
    const changesBefore = this.#remoteChanges;
    const shared = await this.#readShared(key);
    const entry = shared ?? local;
    if (shared && changesBefore === this.#remoteChanges) this.#keepLocal(key, shared);
    if (!entry) return undefined;
    return entry.expiresAt > now || options.includeStale ? (entry as CacheEntry<Value>) : undefined;
  }

  async set<Value>(
    key: string,
    value: Value,
    options: CacheSetOptions = {},
  ): Promise<CacheEntry<Value>> {
    const now = this.#clock.now();
    const ttlMs = (options.ttlSeconds ?? this.ttlSecondsFor(options.platform)) * 1000;
    const entry: CacheEntry<Value> = {
      value,
      expiresAt: now + ttlMs,
      storedAt: now,
      ...(options.etag ? { etag: options.etag } : {}),
      ...(options.lastModified ? { lastModified: options.lastModified } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
    };
    const text = stringifyTagged(entry);
    this.#keepLocal(key, entry, text.length);
    await this.#shared(() =>
      this.#client.set(this.#prefix + key, text, "PX", Math.max(1, ttlMs + this.#staleMs)),
    );
    await this.#announce({ keys: [key] });
    return entry;
  }

  async delete(key: string): Promise<boolean> {
    const local = this.#local.delete(key);
    const removed = await this.#shared(() => this.#client.del(this.#prefix + key));
    await this.#announce({ keys: [key] });
    return local || (removed ?? 0) > 0;
  }

  async invalidatePattern(pattern: string): Promise<number> {
    const local = this.#dropLocal({ pattern });
    const removed = await this.#shared(() => this.#removeMatching(pattern));
    await this.#announce({ pattern });
    return Math.max(local, removed ?? 0);
  }

  async clear(): Promise<void> {
    this.#dropLocal({ clear: true });
    await this.#shared(() => this.#removeMatching("*"));
    await this.#announce({ clear: true });
  }

  /** Entries held in this instance's local tier. */
  get localSize(): number {
    return this.#local.size;
  }

  /** Stops listening for invalidations (the command client stays open: it is yours). */
  close(): Promise<void> {
    return this.#channel.close();
  }

  async #readShared(key: string): Promise<CacheEntry | undefined> {
    const text = await this.#shared(() => this.#client.get(this.#prefix + key));
    if (typeof text !== "string") return undefined;
    try {
      const entry = parseTagged(text);
      return isEntry(entry) ? entry : undefined;
    } catch {
      return undefined; // Not ours, or written by an incompatible version: a miss.
    }
  }

  #keepLocal(key: string, entry: CacheEntry, size?: number): void {
    this.#sizes.set(key, size ?? key.length + 256);
    this.#local.set(key, entry);
    if (!this.#local.has(key)) this.#sizes.delete(key);
  }

  /** Drops local entries a change covers; returns how many. */
  #dropLocal(change: { keys?: string[]; pattern?: string; clear?: true }): number {
    let removed = 0;
    if (change.clear) {
      removed = this.#local.size;
      this.#local.clear();
      this.#sizes.clear();
      return removed;
    }
    const drop = (key: string) => {
      this.#sizes.delete(key);
      if (this.#local.delete(key)) removed += 1;
    };
    for (const key of change.keys ?? []) drop(key);
    if (change.pattern !== undefined) {
      const matcher = globToRegExp(change.pattern);
      for (const key of [...this.#local.keys()]) if (matcher.test(key)) drop(key);
    }
    return removed;
  }

  async #removeMatching(pattern: string): Promise<number> {
    const match = toRedisMatch(this.#prefix, pattern);
    // A Cluster's keys are spread over its masters: scan each. Keys are unlinked one by
    // one (pipelined), as keys of different slots cannot go in one command there.
    const client = this.#client;
    const nodes: RedisClient[] = "nodes" in client ? client.nodes("master") : [client];
    let removed = 0;
    for (const node of nodes) {
      let cursor = "0";
      do {
        const [next, keys] = await node.scan(cursor, "MATCH", match, "COUNT", 1000);
        cursor = next;
        if (keys.length === 0) continue;
        const pipeline = node.pipeline();
        for (const key of keys) pipeline.unlink(key);
        for (const [error, count] of (await pipeline.exec()) ?? []) {
          if (!error) removed += Number(count);
        }
      } while (cursor !== "0");
    }
    return removed;
  }

  #announce(change: Omit<InvalidationMessage, "from" | "sentAt">): Promise<void> {
    return this.#channel.publish({
      ...change,
      from: this.#id,
      sentAt: performance.timeOrigin + performance.now(),
    });
  }

  /** Runs a Redis command; undefined when Redis is out of reach (the local tier serves). */
  async #shared<Result>(command: () => Promise<Result>): Promise<Result | undefined> {
    try {
      this.#connection.assertReachable();
      return await command();
    } catch (error) {
      if (this.#client.status === "ready" && (error as Error)?.name === "ReplyError") throw error;
      return undefined;
    }
  }
}
