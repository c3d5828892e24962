import { z } from "zod";

/** What differs between platforms in {@link clientConfigFields}. */
export interface ClientConfigDefaults {
  /** Requests per window the client allows itself by default. */
  rateLimitRequests: number;
  /** Default window of `rateLimitRequests`, seconds. */
  rateLimitWindowSeconds: number;
  /** How long cached reads stay fresh by default, seconds. */
  cacheTtlSeconds: number;
}

/**
 * The settings every platform client has, as zod fields to spread into the platform's
 * config schema, with the platform's defaults: its own request budget, cache lifetime,
 * per-request timeout (30 s) and attempts (3).
 *
 * @example
 * export const jiraConfigSchema = z.object({
 *   apiToken: z.string().min(1).optional(),
 *   ...clientConfigFields({ rateLimitRequests: 90, rateLimitWindowSeconds: 60, cacheTtlSeconds: 300 }),
 * });
 */
export function clientConfigFields(defaults: ClientConfigDefaults) {
  return {
    /** Requests per window the client allows itself: a share of the platform's limit. */
    rateLimitRequests: z.number().int().positive().default(defaults.rateLimitRequests),
    /** Window of `rateLimitRequests`, seconds. */
    rateLimitWindowSeconds: z.number().int().positive().default(defaults.rateLimitWindowSeconds),
    /** How long cached reads stay fresh, seconds. */
    cacheTtlSeconds: z.number().int().min(0).default(defaults.cacheTtlSeconds),
    /** Per-request timeout, seconds. */
    timeoutSeconds: z.number().positive().default(30),
    /** Attempts per request including the first. */
    retryAttempts: z.number().int().min(1).default(3),
  };
}
