import { z } from "zod";

/** Settings for the response cache. TTLs default to the platform configs' `cacheTtlSeconds`. */
export const cacheConfigSchema = z.object({
  /** Most entries kept; least recently used go first. */
  maxEntries: z.number().int().positive().default(5000),
  /** Upper bound on the summed size of cached values, bytes (estimated from JSON length). */
  maxSizeBytes: z
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  /** Freshness per platform, seconds: GitHub 300, Slack 60, Linear 300 by default. */
  ttlSeconds: z.record(z.string(), z.number().int().min(0)).default({
    github: 300,
    slack: 60,
    linear: 300,
  }),
  /** Freshness for platforms not listed in `ttlSeconds`, seconds. */
  defaultTtlSeconds: z.number().int().min(0).default(60),
});

/** See {@link cacheConfigSchema}. */
export type CacheConfig = z.output<typeof cacheConfigSchema>;

/** Input form of {@link CacheConfig}. */
export type CacheConfigInput = z.input<typeof cacheConfigSchema>;
