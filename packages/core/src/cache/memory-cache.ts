import { LRUCache } from "lru-cache";
import { type Clock, systemClock } from "../clock/clock";
import { type CacheConfig, type CacheConfigInput, cacheConfigSchema } from "../config/cache-config";
import { parseWithSchema } from "../errors/parse-with-schema";
import { type Cache, type CacheEntry, type CacheSetOptions, globToRegExp } from "./cache";

interface StoredEntry extends CacheEntry {
  size: number;
}

/** Rough size of a value in bytes, from its string or JSON length. */
function estimateSize(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value === "object" && value !== null && "body" in value) {
    // Normalized responses: the body dominates; headers add a little.
    const { body, headers } = value as { body: unknown; headers?: unknown };
    return estimateSize(body) + estimateSize(headers ?? "");
  }
  try {
    return JSON.stringify(value)?.length ?? 16;
  } catch {
    return 1024;
  }
}

/**
 * The default {@link Cache}: in memory, on `lru-cache`, bounded by `maxEntries` and
 * `maxSizeBytes` (least recently used go first). Freshness comes from the config's
 * per-platform TTLs (`ttlSeconds.github` …). Stale entries are kept while there is room,
 * so they can be revalidated with `If-None-Match` instead of fetched again.
 */
export class MemoryCache implements Cache {
  readonly config: CacheConfig;
  readonly #clock: Clock;
  readonly #entries: LRUCache<string, StoredEntry>;

  constructor(options: { config?: CacheConfigInput; clock?: Clock } = {}) {
    this.config = parseWithSchema(cacheConfigSchema, options.config ?? {}, "cache config");
    this.#clock = options.clock ?? systemClock;
    this.#entries = new LRUCache<string, StoredEntry>({
      max: this.config.maxEntries,
      maxSize: this.config.maxSizeBytes,
      sizeCalculation: (entry) => Math.max(1, entry.size),
    });
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
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.#clock.now() || options.includeStale) {
      return toPublic(entry) as CacheEntry<Value>;
    }
    return undefined;
  }

  async set<Value>(
    key: string,
    value: Value,
    options: CacheSetOptions = {},
  ): Promise<CacheEntry<Value>> {
    const now = this.#clock.now();
    const ttlSeconds = options.ttlSeconds ?? this.ttlSecondsFor(options.platform);
    const entry: StoredEntry = {
      value,
      expiresAt: now + ttlSeconds * 1000,
      storedAt: now,
      size: estimateSize(value) + key.length,
      ...(options.etag ? { etag: options.etag } : {}),
      ...(options.lastModified ? { lastModified: options.lastModified } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
    };
    this.#entries.set(key, entry);
    return toPublic(entry) as CacheEntry<Value>;
  }

  async delete(key: string): Promise<boolean> {
    return this.#entries.delete(key);
  }

  async invalidatePattern(pattern: string): Promise<number> {
    const matcher = globToRegExp(pattern);
    let removed = 0;
    for (const key of [...this.#entries.keys()]) {
      if (matcher.test(key) && this.#entries.delete(key)) removed += 1;
    }
    return removed;
  }

  async clear(): Promise<void> {
    this.#entries.clear();
  }

  /** Entries held, fresh or stale. */
  get size(): number {
    return this.#entries.size;
  }
}

function toPublic({ size: _size, ...entry }: StoredEntry): CacheEntry {
  return entry;
}
