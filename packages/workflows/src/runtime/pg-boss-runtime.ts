import {
  type Clock,
  ConfigurationError,
  systemClock,
  type WorkflowRuntime,
  type WorkflowTask,
  type WorkflowTaskHandler,
} from "@contexten/core";
import { deriveEventId } from "@contexten/core/adapter";
import { type Clock as BossClock, fromPglite, type Job, type PGliteLike, PgBoss } from "pg-boss";
import type { PgBossRuntimeOptions } from "./pg-boss-runtime-options";

/** What a job carries: the task, minus what pg-boss stores in its own columns. */
type TaskData = Omit<WorkflowTask, "runAt" | "leaseMs">;

function isBossClock(clock: Clock): clock is BossClock {
  return typeof (clock as Partial<BossClock>).setInterval === "function";
}

/**
 * The durable {@link WorkflowRuntime}: tasks are pg-boss jobs in PostgreSQL (or PGlite), so
 * they survive restarts and are shared by every process on the database. Each task key
 * becomes a deterministic job id (scheduling it again is `ON CONFLICT DO NOTHING`);
 * `runAt` becomes `startAfter`; `leaseMs` becomes `expireInSeconds`, after which pg-boss's
 * supervisor presumes the worker dead and retries the job elsewhere. Jobs are fetched in
 * batches and each one is settled as soon as its handler finishes, fenced on the attempt
 * that was fetched (pg-boss ignores a settle from a worker whose claim lapsed).
 */
export class PgBossWorkflowRuntime implements WorkflowRuntime {
  readonly name = "pg-boss";
  readonly clock: Clock;
  /** The queue the tasks go to. */
  readonly queue: string;
  readonly #options: PgBossRuntimeOptions;
  readonly #boss: PgBoss;
  readonly #ownsBoss: boolean;
  readonly #inflight = new Set<Promise<void>>();
  #opened: Promise<void> | undefined;
  #working = false;
  #idleWaiters: Array<() => void> = [];

  constructor(options: PgBossRuntimeOptions) {
    const sources = [options.connectionString, options.pglite, options.boss].filter(
      (source) => source !== undefined,
    );
    if (sources.length !== 1) {
      throw new ConfigurationError({
        message:
          "createPgBossRuntime: pass exactly one of `connectionString` (PostgreSQL, e.g. process.env.DATABASE_URL), `pglite` (a PGlite instance) and `boss` (a PgBoss you created).",
      });
    }
    this.#options = options;
    this.queue = options.queue ?? "contexten-workflows";
    this.clock = options.clock ?? systemClock;
    if (options.clock && !isBossClock(options.clock)) {
      throw new ConfigurationError({
        message:
          "createPgBossRuntime: `clock` must also implement setInterval/clearInterval (use pg-boss's TestClock in tests).",
      });
    }
    this.#ownsBoss = options.boss === undefined;
    this.#boss = options.boss ?? this.#createBoss();
    this.#boss.on("error", (error) => this.#reportError(error));
  }

  /** The pg-boss instance (for its dashboard, queue stats, or your own queues). */
  get boss(): PgBoss {
    return this.#boss;
  }

  /** Deliveries running in this process. */
  get pending(): number {
    return this.#inflight.size;
  }

  async schedule(tasks: readonly WorkflowTask[]): Promise<void> {
    if (tasks.length === 0) return;
    await this.#open();
    const unique = new Map(tasks.map((task) => [task.key, task]));
    const now = this.clock.now();
    await this.#boss.insert(
      this.queue,
      [...unique.values()].map((task) => ({
        id: taskJobId(task.key),
        data: {
          key: task.key,
          kind: task.kind,
          runId: task.runId,
          ...(task.stepId !== undefined ? { stepId: task.stepId } : {}),
          ...(task.data !== undefined ? { data: task.data } : {}),
        } satisfies TaskData,
        ...(task.runAt !== undefined && task.runAt > now
          ? { startAfter: new Date(task.runAt) }
          : {}),
        ...(task.leaseMs !== undefined
          ? { expireInSeconds: Math.max(1, Math.ceil(task.leaseMs / 1000)) }
          : {}),
      })),
    );
    if ([...unique.values()].some((task) => (task.runAt ?? 0) <= now)) this.#wakeWorkers();
  }

  async cancel(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#open();
    // pg-boss cancels only jobs that have not been settled; a running or finished one stays.
    await this.#boss.cancel(this.queue, keys.map(taskJobId));
  }

  async start(handler: WorkflowTaskHandler): Promise<void> {
    await this.#open();
    if (this.#working) return;
    this.#working = true;
    await this.#boss.work<TaskData>(
      this.queue,
      {
        batchSize: this.#options.batchSize ?? 16,
        localConcurrency: this.#options.concurrency ?? 2,
        pollingIntervalSeconds: this.#options.pollingIntervalSeconds ?? 1,
        // NOTIFY only announces new jobs; retries and delayed tasks (sleeps, backoff, timeouts)
        // become due silently, so keep polling at the same pace while NOTIFY is on.
        notifyPollingIntervalSeconds: this.#options.pollingIntervalSeconds ?? 1,
        burstWhenBatchFull: true,
      },
      (jobs) => this.#process(jobs, handler),
    );
  }

  async stop(): Promise<void> {
    if (this.#working) {
      this.#working = false;
      await this.#boss.offWork(this.queue, { wait: true }).catch(() => undefined);
    }
    await Promise.allSettled([...this.#inflight]);
    if (this.#ownsBoss && this.#opened) {
      this.#opened = undefined;
      await this.#boss.stop({ graceful: true, timeout: 5_000 });
    }
  }

  /**
   * Resolves once no delivery runs in this process and no job of the queue is due now or
   * being worked on by any worker (jobs scheduled for later do not count). Polls while jobs
   * are due, waking this process's workers; on a database shared with other workers it also
   * waits for their due and active jobs. It pages through the queue's stored jobs, so it
   * suits tests, demos and shutdowns rather than a hot path.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.#inflight.size > 0) {
        await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
        continue;
      }
      if (!this.#opened) return;
      const queued = await this.#boss.findJobs(this.queue, { queued: true, limit: 1000 });
      const now = this.clock.now();
      const due = queued.filter((job) => new Date(job.startAfter).getTime() <= now);
      // A job another worker (or this one) has fetched but not finished is active in the
      // database before any process counts it as running: wait for those too.
      if (due.length === 0 && this.#inflight.size === 0 && !(await this.#anyActive())) return;
      this.#wakeWorkers();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Whether a job of the queue is active (fetched and not finished) in any worker. */
  async #anyActive(): Promise<boolean> {
    let after: string | undefined;
    for (;;) {
      const page = await this.#boss.findJobs(this.queue, {
        limit: 1000,
        ...(after ? { after } : {}),
      });
      if (page.some((job) => job.state === "active")) return true;
      if (page.length < 1000) return false;
      after = page.at(-1)!.id;
    }
  }

  /** Resolves when no delivery runs in this process (whatever is queued). */
  deliveriesDone(): Promise<void> {
    if (this.#inflight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #createBoss(): PgBoss {
    const options = this.#options;
    const common = {
      schema: options.schema ?? "contexten_jobs",
      // Expired jobs (a dead worker's) are found by the monitor pass, which pg-boss runs at
      // most every monitorIntervalSeconds: both intervals set how soon a crash is noticed.
      superviseIntervalSeconds: options.superviseIntervalSeconds ?? 10,
      monitorIntervalSeconds: options.superviseIntervalSeconds ?? 10,
      ...(options.clock ? { clock: options.clock as BossClock } : {}),
    };
    if (options.pglite) {
      return new PgBoss({
        ...common,
        db: fromPglite(options.pglite as PGliteLike),
        backend: "pglite",
      });
    }
    return new PgBoss({
      ...common,
      connectionString: options.connectionString!,
      max: options.maxConnections ?? 10,
      useListenNotify: options.listenNotify ?? true,
    });
  }

  #open(): Promise<void> {
    this.#opened ??= (async () => {
      if (this.#ownsBoss) await this.#boss.start();
      const existing = await this.#boss.getQueue(this.queue);
      if (!existing) {
        await this.#boss
          .createQueue(this.queue, {
            retryLimit: this.#options.retryLimit ?? 20,
            retryDelay: 1,
            retryBackoff: true,
            retryDelayMax: 300,
            notify: true,
          })
          .catch(async (error: unknown) => {
            // Another process created it first.
            if (!(await this.#boss.getQueue(this.queue))) throw error;
          });
      }
    })().catch((error: unknown) => {
      this.#opened = undefined;
      throw error;
    });
    return this.#opened;
  }

  /** Runs a fetched batch; each job is settled as soon as its own handler is done. */
  async #process(jobs: Job<TaskData>[], handler: WorkflowTaskHandler): Promise<void> {
    await Promise.all(
      jobs.map((job) => {
        const run = this.#deliver(job, handler);
        this.#inflight.add(run);
        return run.finally(() => {
          this.#inflight.delete(run);
          if (this.#inflight.size === 0) {
            for (const resolve of this.#idleWaiters.splice(0)) resolve();
          }
        });
      }),
    );
  }

  async #deliver(job: Job<TaskData>, handler: WorkflowTaskHandler): Promise<void> {
    const attempt = { id: job.id, retryCount: job.retryCount };
    try {
      await handler({ task: job.data, delivery: job.retryCount + 1, signal: job.signal });
    } catch (error) {
      await this.#boss
        .fail(this.queue, attempt, {
          message: error instanceof Error ? error.message : String(error),
        })
        .catch((failure: unknown) => this.#reportError(failure));
      return;
    }
    await this.#boss
      .complete(this.queue, attempt)
      .catch((error: unknown) => this.#reportError(error));
  }

  #wakeWorkers(): void {
    for (const worker of this.#boss.getWipData()) {
      if (worker.name === this.queue) this.#boss.notifyWorker(worker.id);
    }
  }

  #reportError(error: unknown): void {
    if (this.#options.onError) this.#options.onError(error);
    else console.error("[contexten] pg-boss workflow runtime:", error);
  }
}

/** The job id of a task: a UUID derived from its key, so scheduling twice inserts once. */
export function taskJobId(key: string): string {
  return deriveEventId("contexten.workflow.task", key);
}

/**
 * Creates the pg-boss runtime on PostgreSQL (`connectionString`), PGlite (`pglite`) or a
 * PgBoss you configured (`boss`).
 *
 * @example
 * ```ts
 * const runtime = createPgBossRuntime({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export function createPgBossRuntime(options: PgBossRuntimeOptions): PgBossWorkflowRuntime {
  return new PgBossWorkflowRuntime(options);
}
