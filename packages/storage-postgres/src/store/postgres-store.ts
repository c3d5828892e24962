import {
  ConfigurationError,
  type CorrelatedEvent,
  type Correlation,
  type EventPage,
  type EventQuery,
  type EventStore,
  type FindByKeysOptions,
  type LineageGraph,
  type LineageOptions,
  type PruneResult,
  type ReadOptions,
  ValidationError,
  type WorkflowQuery,
  type WorkflowRecord,
  type WorkflowStatus,
  type WorkflowStore,
  type WriteResult,
} from "@contexten/core";
import type { SqlClient } from "../client/sql-client";
import { type PostgresClientInput, toSqlClient } from "../client/to-sql-client";
import { assertMigrated, type MigrationResult, runMigrations } from "../migrations/run-migrations";
import { appendEvents } from "./append-events";
import { type EventRow, eventColumnsFor, eventFromRow } from "./event-codec";
import { eventLineage } from "./event-lineage";
import { linkEvents, linksOfEvent } from "./event-links";
import { findEventsByKeys } from "./find-by-keys";
import { DEFAULT_PRUNE_BATCH_SIZE, pruneEvents } from "./prune-events";
import { queryEvents } from "./query-events";
import { DEFAULT_SCHEMA } from "./schema-name";
import { retryOnConflict } from "./sql-errors";
import type { StoreContext } from "./store-context";
import { qualifyTables } from "./tables";
import { dateOption, integerOption } from "./validate-options";
import { getWorkflow, listWorkflows, saveWorkflow, updateWorkflowStatus } from "./workflow-records";

/** The specification's event retention, in days (`CorrelationConfig.eventRetentionDays`). */
export const DEFAULT_EVENT_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;

/** Options of {@link createPostgresStore}. Pass exactly one of `client` and `connectionString`. */
export interface PostgresStoreOptions {
  /**
   * A `pg.Pool`, a connected `pg.Client`, a PGlite instance, or your own {@link SqlClient}.
   * The store never ends an injected client: you own it.
   */
  client?: PostgresClientInput | undefined;
  /**
   * A PostgreSQL connection string (e.g. `process.env.DATABASE_URL`). The store then
   * creates its own `pg.Pool` on first use and `close()` ends it.
   */
  connectionString?: string | undefined;
  /** Pool size when the store creates the pool from `connectionString` (default 10). */
  maxConnections?: number | undefined;
  /**
   * Schema holding the store's tables (default `contexten`); created by the first
   * migration when missing. A plain identifier: letters, digits, underscores.
   */
  schema?: string | undefined;
  /**
   * Apply pending migrations before the first operation (default `true`). With `false`,
   * migrate from a deploy step ({@link PostgresStore.migrate} or `runMigrations`); the
   * first operation then only checks the schema is current and throws a
   * `ConfigurationError` when it is not.
   */
  migrate?: boolean | undefined;
  /** Age after which {@link PostgresStore.pruneExpired} removes events (default 30 days). */
  eventRetentionDays?: number | undefined;
  /** Events (and deliveries) removed per prune transaction (default 1000). */
  pruneBatchSize?: number | undefined;
}

/** A durable {@link EventStore} and {@link WorkflowStore} on PostgreSQL or PGlite. */
export interface PostgresStore extends EventStore, WorkflowStore {
  /** The schema holding the store's tables. */
  readonly schema: string;
  /**
   * Applies pending migrations (safe to call from many instances at once: one applies,
   * the others wait and find nothing to do) and reports what this call applied.
   */
  migrate(): Promise<MigrationResult>;
  /** Prunes events older than the configured retention, counted back from `now`. */
  pruneExpired(now?: Date): Promise<PruneResult>;
  /** Ends the pool the store created from `connectionString`; a no-op for injected clients. */
  close(): Promise<void>;
}

async function createOwnedPool(connectionString: string, max: number): Promise<SqlClient> {
  // Loaded on demand so PGlite-only applications never load `pg`.
  const { Pool } = await import("pg");
  return toSqlClient(new Pool({ connectionString, max }));
}

class PostgresEventStore implements PostgresStore {
  readonly schema: string;
  readonly #tables: StoreContext["tables"];
  readonly #options: PostgresStoreOptions;
  readonly #retentionDays: number;
  readonly #pruneBatchSize: number;
  #client: Promise<SqlClient> | undefined;
  #ready: Promise<StoreContext> | undefined;
  #closed = false;

  constructor(options: PostgresStoreOptions) {
    if ((options.client === undefined) === (options.connectionString === undefined)) {
      throw new ConfigurationError({
        message:
          "createPostgresStore: pass exactly one of `client` (a pg.Pool, pg.Client or PGlite instance) and `connectionString` (e.g. process.env.DATABASE_URL).",
      });
    }
    this.schema = options.schema ?? DEFAULT_SCHEMA;
    this.#tables = qualifyTables(this.schema);
    this.#options = options;
    this.#retentionDays = integerOption(options.eventRetentionDays, DEFAULT_EVENT_RETENTION_DAYS, {
      min: 1,
      max: 36_500,
      path: "eventRetentionDays",
    });
    this.#pruneBatchSize = integerOption(options.pruneBatchSize, DEFAULT_PRUNE_BATCH_SIZE, {
      min: 1,
      max: 100_000,
      path: "pruneBatchSize",
    });
    if (options.client !== undefined) this.#client = Promise.resolve(toSqlClient(options.client));
  }

  #sqlClient(): Promise<SqlClient> {
    if (this.#closed) {
      return Promise.reject(
        new ConfigurationError({
          message: "This PostgresStore was closed; create a new store to keep using the database.",
        }),
      );
    }
    this.#client ??= createOwnedPool(
      this.#options.connectionString!,
      this.#options.maxConnections ?? 10,
    );
    return this.#client;
  }

  /** The context, after migrations when `migrate` is on; a failure is retried next call. */
  #context(): Promise<StoreContext> {
    this.#ready ??= (async () => {
      const client = await this.#sqlClient();
      if (this.#options.migrate === false) await assertMigrated(client, this.schema);
      else await runMigrations(client, this.schema);
      return { client, tables: this.#tables };
    })().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async migrate(): Promise<MigrationResult> {
    return runMigrations(await this.#sqlClient(), this.schema);
  }

  async append(events: CorrelatedEvent | readonly CorrelatedEvent[]): Promise<WriteResult> {
    return appendEvents(await this.#context(), events);
  }

  async recordDelivery(platform: string, deliveryId: string, receivedAt?: Date): Promise<boolean> {
    for (const [path, value] of [
      ["platform", platform],
      ["deliveryId", deliveryId],
    ] as const) {
      if (typeof value !== "string" || value.length === 0) {
        throw new ValidationError({
          message: `recordDelivery: ${path} must be a non-empty string; got ${JSON.stringify(value)}.`,
          issues: [{ path, message: "expected a non-empty string" }],
        });
      }
    }
    const at = dateOption(receivedAt, "recordDelivery.receivedAt") ?? new Date();
    const context = await this.#context();
    // The primary key decides: of any number of concurrent callers exactly one inserts.
    const { rows } = await retryOnConflict(() =>
      context.client.query(
        `INSERT INTO ${context.tables.deliveries} (platform, delivery_id, received_at)
          VALUES ($1, $2, $3::timestamptz)
          ON CONFLICT (platform, delivery_id) DO NOTHING
          RETURNING 1 AS inserted`,
        [platform, deliveryId, at.toISOString()],
      ),
    );
    return rows.length === 1;
  }

  async get(id: string, options?: ReadOptions): Promise<CorrelatedEvent | undefined> {
    const context = await this.#context();
    const { rows } = await context.client.query<EventRow>(
      `SELECT ${eventColumnsFor(options)} FROM ${context.tables.events} WHERE id = $1`,
      [id],
    );
    return rows[0] ? eventFromRow(rows[0]) : undefined;
  }

  async findByKeys(
    keys: readonly string[],
    options?: FindByKeysOptions,
  ): Promise<CorrelatedEvent[]> {
    return findEventsByKeys(await this.#context(), keys, options);
  }

  async query(query?: EventQuery): Promise<EventPage> {
    return queryEvents(await this.#context(), query);
  }

  async assignCorrelation(
    correlationId: string,
    target: { eventIds?: readonly string[]; correlationIds?: readonly string[] },
  ): Promise<void> {
    if (typeof correlationId !== "string" || correlationId.length === 0) {
      throw new ValidationError({
        message: "assignCorrelation: correlationId must be a non-empty string.",
        issues: [{ path: "correlationId", message: "expected a non-empty string" }],
      });
    }
    const eventIds = [...(target.eventIds ?? [])];
    const groups = [...(target.correlationIds ?? [])];
    if (eventIds.length === 0 && groups.length === 0) return;
    const context = await this.#context();
    // One statement: the events and whole groups move together or not at all.
    await retryOnConflict(() =>
      context.client.query(
        `UPDATE ${context.tables.events} SET correlation_id = $1
          WHERE (id = ANY($2::text[]) OR correlation_id = ANY($3::text[]))
            AND correlation_id IS DISTINCT FROM $1`,
        [correlationId, eventIds, groups],
      ),
    );
  }

  async link(links: Correlation | readonly Correlation[]): Promise<WriteResult> {
    return linkEvents(await this.#context(), links);
  }

  async linksOf(eventId: string): Promise<Correlation[]> {
    return linksOfEvent(await this.#context(), eventId);
  }

  async lineage(eventId: string, options?: LineageOptions): Promise<LineageGraph | undefined> {
    return eventLineage(await this.#context(), eventId, options);
  }

  async prune(before: Date): Promise<PruneResult> {
    const cutoff = dateOption(before, "prune.before");
    if (!cutoff) {
      throw new ValidationError({
        message: "prune: pass the Date before which events are removed.",
        issues: [{ path: "before", message: "expected a Date" }],
      });
    }
    return pruneEvents(await this.#context(), cutoff, this.#pruneBatchSize);
  }

  async pruneExpired(now: Date = new Date()): Promise<PruneResult> {
    return this.prune(new Date(now.getTime() - this.#retentionDays * DAY_MS));
  }

  async saveWorkflow(record: WorkflowRecord): Promise<void> {
    return saveWorkflow(await this.#context(), record);
  }

  async getWorkflow(id: string): Promise<WorkflowRecord | undefined> {
    return getWorkflow(await this.#context(), id);
  }

  async listWorkflows(query?: WorkflowQuery): Promise<WorkflowRecord[]> {
    return listWorkflows(await this.#context(), query);
  }

  async updateWorkflowStatus(
    id: string,
    status: WorkflowStatus,
    state?: Record<string, unknown>,
  ): Promise<WorkflowRecord> {
    return updateWorkflowStatus(await this.#context(), id, status, state);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const owned = this.#options.connectionString !== undefined ? this.#client : undefined;
    this.#client = undefined;
    this.#ready = undefined;
    if (owned) await (await owned).end?.();
  }
}

/**
 * Creates a durable event and workflow store on PostgreSQL or PGlite.
 *
 * The store creates nothing until first used; then it applies pending migrations (unless
 * `migrate: false`) in its schema. Every write that spans rows is one transaction.
 *
 * @example
 * ```ts
 * import pg from "pg";
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = createPostgresStore({ client: pool });
 * await store.append(event);
 * ```
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite";
 * const store = createPostgresStore({ client: new PGlite("./.data/contexten") });
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  return new PostgresEventStore(options);
}
