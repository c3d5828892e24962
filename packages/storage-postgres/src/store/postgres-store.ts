import {
  ConfigurationError,
  type CorrelatedEvent,
  type Correlation,
  type EventPage,
  type EventQuery,
  type EventStore,
  type FindByKeysOptions,
  type KeyLookup,
  type LineageGraph,
  type LineageOptions,
  type PruneResult,
  type ReadOptions,
  type UpdateGuard,
  ValidationError,
  type WaitingStepQuery,
  type WorkflowQuery,
  type WorkflowRecord,
  type WorkflowRunPatch,
  type WorkflowStatus,
  type WorkflowStepPatch,
  type WorkflowStepRecord,
  type WorkflowStepStatus,
  type WorkflowStore,
  type WriteResult,
} from "@contexten/core";
import type {
  ClaimPendingOptions,
  DeliveryRecord,
  PendingDelivery,
  StoreDeliveryOptions,
  StoreDeliveryResult,
} from "@contexten/core/adapter";
import { createOwnedPool } from "../client/owned-pool";
import type { SqlClient } from "../client/sql-client";
import { toSqlClient } from "../client/to-sql-client";
import { assertMigrated, type MigrationResult, runMigrations } from "../migrations/run-migrations";
import { appendEvents } from "./append-events";
import { CompletionBatches, completeDeliveries } from "./completion-batches";
import {
  claimPendingDeliveries,
  prepareDelivery,
  revisitDelivery,
  writeDeliveries,
} from "./delivery-work";
import { type EventRow, eventColumnsFor, eventFromRow } from "./event-codec";
import { eventLineage } from "./event-lineage";
import { linkEvents, linksOfEvent, linksOfEvents } from "./event-links";
import { findEventsByKeys } from "./find-by-keys";
import { findPerKey } from "./find-per-key";
import { GroupCommit } from "./group-commit";
import { pruneEvents } from "./prune-events";
import { queryEvents } from "./query-events";
import { retryOnConflict } from "./sql-errors";
import type { StoreContext } from "./store-context";
import { toStoreError } from "./store-errors";
import {
  type PostgresStoreOptions,
  type ResolvedStoreOptions,
  resolveStoreOptions,
} from "./store-options";
import { qualifyTables } from "./tables";
import { dateOption } from "./validate-options";
import {
  getWorkflow,
  listWorkflows,
  saveWorkflow,
  updateWorkflow,
  updateWorkflowStatus,
} from "./workflow-records";
import { createWorkflow, listSteps, listWaitingSteps, updateStep } from "./workflow-steps";

const DAY_MS = 86_400_000;

/** A durable {@link EventStore} and {@link WorkflowStore} on PostgreSQL or PGlite. */
export interface PostgresStore extends EventStore, WorkflowStore {
  /** Always present here: the delivery, its events and its pending work in one step. */
  storeDelivery(
    delivery: DeliveryRecord,
    options?: StoreDeliveryOptions,
  ): Promise<StoreDeliveryResult>;
  /** Always present here (batched with concurrent completions). */
  completeDelivery(platform: string, deliveryId: string): Promise<void>;
  /** Always present here: bounded index range scans per key. */
  findPerKey(lookups: readonly KeyLookup[], options?: ReadOptions): Promise<CorrelatedEvent[][]>;
  /** Always present here (`FOR UPDATE SKIP LOCKED`). */
  claimPendingDeliveries(options: ClaimPendingOptions): Promise<PendingDelivery[]>;
  /** The schema holding the store's tables. */
  readonly schema: string;
  /**
   * Applies pending migrations (safe to call from many instances at once: one applies,
   * the others wait and find nothing to do) and reports what this call applied.
   */
  migrate(): Promise<MigrationResult>;
  /** Prunes events older than the configured retention, counted back from `now`. */
  pruneExpired(now?: Date): Promise<PruneResult>;
  /** Ends the pool the store created from a connection string; a no-op for injected clients. */
  close(): Promise<void>;
}

class PostgresEventStore implements PostgresStore {
  readonly schema: string;
  readonly #tables: StoreContext["tables"];
  readonly #options: ResolvedStoreOptions;
  #client: Promise<SqlClient> | undefined;
  #ready: Promise<StoreContext> | undefined;
  #closed = false;
  readonly #groupCommit: GroupCommit | undefined;
  readonly #completions: CompletionBatches | undefined;

  constructor(options: PostgresStoreOptions) {
    this.#options = resolveStoreOptions(options);
    const groupCommit = this.#options.groupCommit;
    this.#groupCommit = groupCommit && new GroupCommit(() => this.#context(), groupCommit);
    this.#completions =
      groupCommit && new CompletionBatches(() => this.#context(), groupCommit.maxBatch);
    this.schema = this.#options.schema;
    this.#tables = qualifyTables(this.schema);
    const { client, logger } = this.#options;
    if (client !== undefined) this.#client = Promise.resolve(toSqlClient(client, { logger }));
  }

  #sqlClient(): Promise<SqlClient> {
    if (this.#closed) {
      return Promise.reject(
        new ConfigurationError({
          message: "This PostgresStore was closed; create a new store to keep using the database.",
        }),
      );
    }
    this.#client ??= createOwnedPool(this.#options.pool!, this.#options.logger)
      .then((pool) => toSqlClient(pool))
      .catch((error: unknown) => {
        this.#client = undefined;
        throw error;
      });
    return this.#client;
  }

  /** The context, after migrations when `migrate` is on; a failure is retried next call. */
  #context(): Promise<StoreContext> {
    this.#ready ??= (async () => {
      const client = await this.#sqlClient();
      if (this.#options.migrate) await runMigrations(client, this.schema);
      else await assertMigrated(client, this.schema);
      return { client, tables: this.#tables };
    })().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  /**
   * Runs one operation and turns driver errors into what callers act on (see
   * `toStoreError`): `ValidationError` for data refused for good, `store_unavailable`
   * for an unreachable or overloaded database, including while migrating first.
   */
  async #run<T>(operation: string, work: (context: StoreContext) => Promise<T>): Promise<T> {
    try {
      return await work(await this.#context());
    } catch (error) {
      throw toStoreError(error, operation);
    }
  }

  async migrate(): Promise<MigrationResult> {
    try {
      return await runMigrations(await this.#sqlClient(), this.schema);
    } catch (error) {
      throw toStoreError(error, "migrate");
    }
  }

  append(events: CorrelatedEvent | readonly CorrelatedEvent[]): Promise<WriteResult> {
    return this.#run("append", (context) => appendEvents(context, events));
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
    return this.#run("recordDelivery", async (context) => {
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
    });
  }

  storeDelivery(
    delivery: DeliveryRecord,
    options: StoreDeliveryOptions = {},
  ): Promise<StoreDeliveryResult> {
    return this.#run("storeDelivery", async (context) => {
      const item = prepareDelivery(delivery, options);
      const stored = this.#groupCommit
        ? await this.#groupCommit.write(item)
        : (await writeDeliveries(context, [item]))[0];
      return stored
        ? { status: "stored", eventIds: item.eventIds }
        : revisitDelivery(context, item);
    });
  }

  completeDelivery(platform: string, deliveryId: string): Promise<void> {
    return this.#run("completeDelivery", (context) =>
      this.#completions
        ? this.#completions.complete(platform, deliveryId)
        : completeDeliveries(context, [{ platform, deliveryId }]),
    );
  }

  claimPendingDeliveries(options: ClaimPendingOptions): Promise<PendingDelivery[]> {
    return this.#run("claimPendingDeliveries", (context) =>
      claimPendingDeliveries(context, options),
    );
  }

  get(id: string, options?: ReadOptions): Promise<CorrelatedEvent | undefined> {
    return this.#run("get", async (context) => {
      const { rows } = await context.client.query<EventRow>(
        `SELECT ${eventColumnsFor(options)} FROM ${context.tables.events} WHERE id = $1`,
        [id],
      );
      return rows[0] ? eventFromRow(rows[0]) : undefined;
    });
  }

  findByKeys(keys: readonly string[], options?: FindByKeysOptions): Promise<CorrelatedEvent[]> {
    return this.#run("findByKeys", (context) => findEventsByKeys(context, keys, options));
  }

  findPerKey(lookups: readonly KeyLookup[], options?: ReadOptions): Promise<CorrelatedEvent[][]> {
    return this.#run("findPerKey", (context) => findPerKey(context, lookups, options));
  }

  query(query?: EventQuery): Promise<EventPage> {
    return this.#run("query", (context) => queryEvents(context, query));
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
    await this.#run("assignCorrelation", (context) =>
      // One statement: the events and whole groups move together or not at all.
      retryOnConflict(() =>
        context.client.query(
          `UPDATE ${context.tables.events} SET correlation_id = $1
            WHERE (id = ANY($2::text[]) OR correlation_id = ANY($3::text[]))
              AND correlation_id IS DISTINCT FROM $1`,
          [correlationId, eventIds, groups],
        ),
      ),
    );
  }

  link(links: Correlation | readonly Correlation[]): Promise<WriteResult> {
    return this.#run("link", (context) => linkEvents(context, links));
  }

  linksOf(eventId: string): Promise<Correlation[]> {
    return this.#run("linksOf", (context) => linksOfEvent(context, eventId));
  }

  linksOfMany(eventIds: readonly string[]): Promise<Correlation[][]> {
    return this.#run("linksOfMany", (context) => linksOfEvents(context, eventIds));
  }

  lineage(eventId: string, options?: LineageOptions): Promise<LineageGraph | undefined> {
    return this.#run("lineage", (context) => eventLineage(context, eventId, options));
  }

  async prune(before: Date): Promise<PruneResult> {
    const cutoff = dateOption(before, "prune.before");
    if (!cutoff) {
      throw new ValidationError({
        message: "prune: pass the Date before which events are removed.",
        issues: [{ path: "before", message: "expected a Date" }],
      });
    }
    return this.#run("prune", (context) =>
      pruneEvents(context, cutoff, this.#options.pruneBatchSize),
    );
  }

  async pruneExpired(now: Date = new Date()): Promise<PruneResult> {
    return this.prune(new Date(now.getTime() - this.#options.retentionDays * DAY_MS));
  }

  saveWorkflow(record: WorkflowRecord): Promise<void> {
    return this.#run("saveWorkflow", (context) => saveWorkflow(context, record));
  }

  getWorkflow(id: string): Promise<WorkflowRecord | undefined> {
    return this.#run("getWorkflow", (context) => getWorkflow(context, id));
  }

  listWorkflows(query?: WorkflowQuery): Promise<WorkflowRecord[]> {
    return this.#run("listWorkflows", (context) => listWorkflows(context, query));
  }

  updateWorkflowStatus(
    id: string,
    status: WorkflowStatus,
    state?: Record<string, unknown>,
  ): Promise<WorkflowRecord> {
    return this.#run("updateWorkflowStatus", (context) =>
      updateWorkflowStatus(context, id, status, state),
    );
  }

  async createWorkflow(
    record: WorkflowRecord,
    steps: readonly WorkflowStepRecord[],
  ): Promise<boolean> {
    return createWorkflow(await this.#context(), record, steps);
  }

  async updateWorkflow(
    id: string,
    patch: WorkflowRunPatch,
    guard?: UpdateGuard<WorkflowStatus>,
  ): Promise<WorkflowRecord | undefined> {
    return updateWorkflow(await this.#context(), id, patch, guard);
  }

  async listSteps(runId: string): Promise<WorkflowStepRecord[]> {
    return listSteps(await this.#context(), runId);
  }

  async updateStep(
    runId: string,
    stepId: string,
    patch: WorkflowStepPatch,
    guard?: UpdateGuard<WorkflowStepStatus>,
  ): Promise<WorkflowStepRecord | undefined> {
    return updateStep(await this.#context(), runId, stepId, patch, guard);
  }

  async listWaitingSteps(query?: WaitingStepQuery): Promise<WorkflowStepRecord[]> {
    return listWaitingSteps(await this.#context(), query);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const owned = this.#options.client === undefined ? this.#client : undefined;
    this.#client = undefined;
    this.#ready = undefined;
    if (owned) await (await owned.catch(() => undefined))?.end?.();
  }
}

/**
 * Creates a durable event and workflow store on PostgreSQL or PGlite.
 *
 * The store creates nothing until first used; then it applies pending migrations (unless
 * `migrate: false`) in its schema. Every write that spans rows is one transaction.
 * Without `client`, it creates its own `pg.Pool` from `connectionString` or, when that is
 * absent too, from the `DATABASE_URL` environment variable; with neither it throws a
 * `ConfigurationError` naming both.
 *
 * Errors: data PostgreSQL refuses for good throws `ValidationError`; an unreachable,
 * overloaded or timed-out database throws a `ContextenError` with code
 * `store_unavailable` (retry later).
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
 * const store = createPostgresStore(); // a pool on process.env.DATABASE_URL
 * ```
 *
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite";
 * const store = createPostgresStore({ client: new PGlite("./.data/contexten") });
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions = {}): PostgresStore {
  return new PostgresEventStore(options);
}
