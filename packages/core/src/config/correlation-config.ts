import { z } from "zod";
import { type ConfigReader, configReader } from "./read-config";

/** Correlation and storage settings, with documented defaults. */
export const correlationConfigSchema = z.object({
  /**
   * Retention, days. Events that occurred (`occurredAt`) longer ago than this are the ones
   * a host prunes, and the correlation engine leaves them out: an event only links to
   * events that occurred within the last `eventRetentionDays`, however old the event
   * itself is (see `correlateOlderEvents` for backfills).
   */
  eventRetentionDays: z.number().int().positive().default(30),
  /**
   * Correlate backfills: measure age between the two events instead of from now. With
   * `true`, an event links to events that occurred within `eventRetentionDays` of it
   * (before or after), so importing history or replaying old payloads correlates them as
   * if they were live. With `false` (the default), events that occurred before
   * now − `eventRetentionDays` are left out and reported through
   * `Instrumentation.onCorrelationSkipped` and the bus's `correlation-skipped`.
   */
  correlateOlderEvents: z.boolean().default(false),
  /** Heuristic (time-based) rules only link events this close in time, minutes. */
  correlationWindowMinutes: z.number().int().positive().default(60),
  /** Lineage traversal depth limit, in links. */
  maxCorrelationDepth: z.number().int().positive().max(100).default(10),
  /** Report correlation matches to instrumentation. */
  enableAnalytics: z.boolean().default(true),
  /** Which store the host intends to use. */
  storageBackend: z.enum(["postgresql", "pglite", "memory"]).default("postgresql"),
  /** PostgreSQL connection string when `storageBackend` is `postgresql`. Env: `DATABASE_URL`. */
  databaseUrl: z.string().min(1).optional(),
});

/** See {@link correlationConfigSchema}. */
export type CorrelationConfig = z.output<typeof correlationConfigSchema>;

/** Input form of {@link CorrelationConfig}. */
export type CorrelationConfigInput = z.input<typeof correlationConfigSchema>;

/** Environment variables read by {@link resolveCorrelationConfig}. */
export const CORRELATION_ENVIRONMENT = { databaseUrl: "DATABASE_URL" } as const;

/**
 * Builds a validated correlation config, reading `DATABASE_URL` when no `databaseUrl`
 * is passed. Throws `ConfigurationError` when invalid.
 */
export const resolveCorrelationConfig: ConfigReader<typeof correlationConfigSchema> = configReader({
  schema: correlationConfigSchema,
  platform: "correlation",
  bindings: CORRELATION_ENVIRONMENT,
});
