import type { WorkflowRecord } from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { type FakePlatformServer, startFakePlatformServer } from "@contexten/core/testing";
import { createPostgresStore, type PostgresStore } from "@contexten/storage-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgBossRuntime, createWorkflowEngine } from "../src/index";
import { DATABASE_URL, dropSchemas, uniqueSchema } from "./support/databases";
import { untilAllFinal, untilTrue } from "./support/poll";
import { spawnWorker, type WorkerProcess } from "./support/spawn-worker";
import {
  crashDefinition,
  createEffectTables,
  type WorkerConfig,
  workerActions,
} from "./support/worker-definitions";

const RUNS = 24;

describe("crash recovery on PostgreSQL (a worker killed with SIGKILL mid-run)", () => {
  const storeSchema = uniqueSchema("crash");
  const jobSchema = uniqueSchema("crashjobs");
  let pool: pg.Pool;
  let store: PostgresStore;
  let platform: FakePlatformServer;
  const workers: WorkerProcess[] = [];
  /** Effects the fake platform performed, by idempotency key (a repeated key is not performed again). */
  const performed = new Map<string, number>();
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 6 });
    store = createPostgresStore({ client: pool, schema: storeSchema });
    await store.migrate();
    await createEffectTables(pool, storeSchema);
    platform = await startFakePlatformServer({ name: "effects" });
    platform.route("POST", "/effects", async (request) => {
      const key = request.headers["idempotency-key"] ?? "";
      const first = !performed.has(key);
      if (first) performed.set(key, performed.size + 1);
      // Step c's first calls are held until the test has killed the worker that sent them.
      if ((request.body as { stepId?: string }).stepId === "c") await released;
      return { json: { effect: performed.get(key), replayed: !first } };
    });
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL");
    await Promise.all(workers.map((worker) => worker.exited));
    await platform?.close();
    await pool?.end();
    await dropSchemas(storeSchema, jobSchema);
  });

  it("finishes every run in a new process; effects happen once, platform calls at most once per attempt", async () => {
    const config: WorkerConfig = {
      databaseUrl: DATABASE_URL,
      storeSchema,
      jobSchema,
      queue: "crash",
      effectsUrl: platform.url,
    };
    // Triggered from this process, which does not work on runs itself.
    const producer = createWorkflowEngine({
      store,
      events: store,
      runtime: createPgBossRuntime({
        connectionString: DATABASE_URL,
        schema: jobSchema,
        queue: "crash",
        maxConnections: 2,
      }),
      actions: workerActions(pool, config),
      definitions: [crashDefinition],
      leaseGraceMs: 1000,
    });
    /** Runs whose step `stepId` has called the platform. */
    const callsOf = (stepId: string) =>
      new Set(
        platform.requests
          .filter((request) => (request.body as { stepId?: string }).stepId === stepId)
          .map((request) => request.headers["idempotency-key"]),
      ).size;
    const first = spawnWorker(config);
    workers.push(first);
    await first.printed("ready");
    const at = new Date();
    for (let index = 0; index < RUNS; index += 1) {
      const event = correlatedEventSchema.parse({
        id: `crash-trigger-${index}`,
        type: "test.trigger.crash",
        platform: "test",
        occurredAt: at,
        receivedAt: at,
        subject: { kind: "test", id: `t-${index}` },
      });
      await store.append(event);
      await producer.onEvent(event);
    }
    // Kill the first worker while every run's step a is done, b may be, and c is in flight.
    await untilTrue(() => callsOf("c") >= RUNS, 30_000);
    first.child.kill("SIGKILL");
    await first.exited;
    const killedAt0 = Date.now();
    const inFlightAtKill = new Set(
      platform.requests
        .filter((request) => request.status === undefined)
        .map((request) => request.headers["idempotency-key"]!),
    );
    release();

    const second = spawnWorker(config);
    workers.push(second);
    await second.printed("ready");
    console.info(`crash test: second worker ready ${Date.now() - killedAt0} ms after the kill`);
    const killedAt = Date.now();
    const runs: WorkflowRecord[] = await untilAllFinal(store, RUNS, 90_000);
    console.info(`crash test: every run finished ${Date.now() - killedAt} ms after the kill`);
    await producer.stop();

    expect(runs).toHaveLength(RUNS);
    expect(runs.map((run) => run.status)).toEqual(Array(RUNS).fill("completed"));
    const requestsByKey = new Map<string, number>();
    for (const request of platform.requestsTo("POST", "/effects")) {
      const key = request.headers["idempotency-key"]!;
      requestsByKey.set(key, (requestsByKey.get(key) ?? 0) + 1);
    }
    const attemptsByKey = new Map<string, number>();
    for (const run of runs) {
      const steps = await store.listSteps(run.id);
      for (const step of steps) {
        expect(step.status).toBe("completed");
        attemptsByKey.set(`${run.id}:${step.stepId}`, step.attempts);
        if (step.stepId === "b") continue;
        // A platform call per attempt at most, with the same key every time…
        const calls = requestsByKey.get(`${run.id}:${step.stepId}`) ?? 0;
        expect(calls).toBeGreaterThanOrEqual(1);
        expect(calls).toBeLessThanOrEqual(step.attempts);
      }
    }
    // …so the platform performed each step's effect exactly once.
    expect(performed.size).toBe(RUNS * 3);
    // The database-backed effect of step b happened once per run.
    const effects = await pool.query(`SELECT count(*)::int AS n FROM "${storeSchema}".effects`);
    expect(effects.rows[0].n).toBe(RUNS);
    // The kill really cut attempts short (one per run at least), and the second process
    // counted each of them and ran the next attempt.
    expect(inFlightAtKill.size).toBeGreaterThanOrEqual(RUNS);
    for (const key of inFlightAtKill) expect(attemptsByKey.get(key)).toBeGreaterThanOrEqual(2);
  }, 150_000);
});
