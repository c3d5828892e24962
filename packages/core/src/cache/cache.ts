/** A cached value with what is needed to revalidate it (for any platform). */
export interface CacheEntry<Value = unknown> {
  /** The cached value. */
  value: Value;
  /** Entity tag from the response, sent back as `If-None-Match`. */
  etag?: string;
  /** `Last-Modified` from the response, sent back as `If-Modified-Since`. */
  lastModified?: string;
  /** Fresh until this time, epoch ms; afterwards the entry is stale (revalidate before use). */
  expiresAt: number;
  /** When it was stored, epoch ms. */
  storedAt: number;
  /** Platform whose TTL applied. */
  platform?: string;
}

/** Options of {@link Cache.set}. */
export interface CacheSetOptions {
  /** Platform, selecting its TTL from the cache config. */
  platform?: string | undefined;
  /** Overrides the platform's TTL, seconds. */
  ttlSeconds?: number | undefined;
  /** Entity tag to revalidate with. */
  etag?: string | undefined;
  /** Last-Modified to revalidate with. */
  lastModified?: string | undefined;
}

/**
 * A response cache. The default is {@link MemoryCache},
 * bounded by entries and size; a shared implementation (Redis) can replace it. Every
 * method is asynchronous so that it can.
 */
export interface Cache {
  /** A fresh entry, or with `includeStale` any entry still held (to revalidate it). */
  get<Value = unknown>(
    key: string,
    options?: { includeStale?: boolean },
  ): Promise<CacheEntry<Value> | undefined>;
  /** Stores a value, fresh for the platform's TTL. */
  set<Value>(key: string, value: Value, options?: CacheSetOptions): Promise<CacheEntry<Value>>;
  /** Removes one entry; true when it existed. */
  delete(key: string): Promise<boolean>;
  /**
   * Removes every entry whose key matches a glob (`*` any run of characters, `?` one
   * character), e.g. `github:GET https://api.github.com/repos/acme/api/*`. Returns the count.
   */
  invalidatePattern(pattern: string): Promise<number>;
  /** Removes everything. */
  clear(): Promise<void>;
}

/** True while an entry is fresh at `now`. */
export function isFresh(entry: CacheEntry, now: number): boolean {
  return entry.expiresAt > now;
}

/** Request headers that revalidate an entry: `If-None-Match` and `If-Modified-Since`. */
export function conditionalHeaders(entry: CacheEntry | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (entry?.etag) headers["if-none-match"] = entry.etag;
  if (entry?.lastModified) headers["if-modified-since"] = entry.lastModified;
  return headers;
}

/** Turns a glob (`*`, `?`) into an anchored regular expression; everything else is literal. */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (const character of pattern) {
    if (character === "*") source += ".*";
    else if (character === "?") source += ".";
    else source += character.replace(/[\\^$.|+()[\]{}/-]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "s");
}
