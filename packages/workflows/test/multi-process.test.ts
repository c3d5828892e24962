import { correlatedEventSchema } from "@contexten/core/schemas";
import { createPostgresStore, type PostgresStore } from "@contexten/storage-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_URL, dropSchemas, uniqueSchema } from "./support/databases";
import { untilAllFinal } from "./support/poll";
import { spawnWorker, type WorkerProcess } from "./support/spawn-worker";
import { createEffectTables, type WorkerConfig } from "./support/worker-definitions";

const RUNS = 500;

describe("two worker processes sharing one PostgreSQL", () => {
  const storeSchema = uniqueSchema("multi");
  const jobSchema = uniqueSchema("multijobs");
  let pool: pg.Pool;
  let store: PostgresStore;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
    store = createPostgresStore({ client: pool, schema: storeSchema });
    await store.migrate();
    await createEffectTables(pool, storeSchema);
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL");
    await Promise.all(workers.map((worker) => worker.exited));
    await pool?.end();
    await dropSchemas(storeSchema, jobSchema);
  });

  it(`completes ${RUNS} runs: each trigger event starts one run and no step runs twice`, async () => {
    const at = new Date();
    const events = Array.from({ length: RUNS }, (_, index) =>
      correlatedEventSchema.parse({
        id: `scale-trigger-${String(index).padStart(4, "0")}`,
        type: "test.trigger.scale",
        platform: "test",
        occurredAt: at,
        receivedAt: at,
        subject: { kind: "test", id: `t-${index}` },
      }),
    );
    await store.append(events);
    // Both processes get every trigger event (as two receivers of one redelivered webhook
    // would) while both work on the runs.
    const config: WorkerConfig = {
      databaseUrl: DATABASE_URL,
      storeSchema,
      jobSchema,
      queue: "multi",
      triggerAll: true,
    };
    workers.push(spawnWorker(config), spawnWorker(config));
    await Promise.all(workers.map((worker) => worker.printed("ready")));
    for (const worker of workers) expect(worker.output).toContain(`triggered ${RUNS}`);
    const runs = await untilAllFinal(store, RUNS, 120_000);

    expect(runs).toHaveLength(RUNS);
    expect(runs.every((run) => run.status === "completed")).toBe(true);
    expect(new Set(runs.map((run) => run.triggerEventId)).size).toBe(RUNS);
    const executions = await pool.query<{ run_id: string; step_id: string; n: number }>(
      `SELECT run_id, step_id, count(*)::int AS n FROM "${storeSchema}".executions GROUP BY 1, 2`,
    );
    expect(executions.rows).toHaveLength(RUNS * 3);
    expect(executions.rows.filter((row) => row.n !== 1)).toEqual([]);
    const pids = await pool.query<{ pid: number; n: number }>(
      `SELECT pid, count(*)::int AS n FROM "${storeSchema}".executions GROUP BY 1`,
    );
    // Both processes did part of the work.
    expect(pids.rows).toHaveLength(2);
    const attempts = await pool.query<{ attempts: number; n: number }>(
      `SELECT attempts, count(*)::int AS n FROM "${storeSchema}".workflow_steps GROUP BY 1`,
    );
    expect(attempts.rows).toEqual([{ attempts: 1, n: RUNS * 3 }]);
  }, 180_000);
});
