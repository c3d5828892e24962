import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createPostgresStore } from "@contexten/storage-postgres";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { TestClock } from "pg-boss";
import { afterAll, beforeAll } from "vitest";
import { createPgBossRuntime, type PgBossWorkflowRuntime } from "../src/index";
import { runWorkflowRuntimeConformance } from "../src/testing/conformance/index";
import type { WorkflowRuntimeHarness } from "../src/testing/index";
import { DATABASE_URL, dropSchemas, uniqueSchema } from "./support/databases";

// Each test gets its own store schema, queue and TestClock; the pg-boss schema (and, for
// PGlite, the database) is shared by the file's tests, which run one at a time, so pg-boss
// is installed once per backend.
const START = Date.parse("2030-04-01T00:00:00.000Z");

/** The fake clock moves pg-boss's timers and, through its schema, the database's job_now(). */
function clockOf(clock: TestClock) {
  return {
    now: () => clock.now(),
    async advance(ms: number) {
      if (ms <= 5_000) return clock.tick(ms);
      await clock.setTime(clock.now() + ms);
      await clock.tick(1);
    },
  };
}

/** Waits for the deliveries in flight, or a moment when one is blocked on purpose. */
function settleOf(runtime: PgBossWorkflowRuntime) {
  return async () => {
    await Promise.race([runtime.deliveriesDone(), sleep(100)]);
  };
}

const tuning = { concurrency: 2, batchSize: 8, pollingIntervalSeconds: 0.5, onError: () => {} };
const queueName = () => `conformance-${randomBytes(4).toString("hex")}`;

let pool: pg.Pool;
let pglite: PGlite;
const jobSchema = uniqueSchema("jobs");
const schemas: string[] = [jobSchema];

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
  pglite = new PGlite();
  await pglite.waitReady;
});

afterAll(async () => {
  await pool?.end();
  await pglite?.close();
  await dropSchemas(...schemas);
});

runWorkflowRuntimeConformance({
  name: "pg-boss (PostgreSQL)",
  async createHarness(): Promise<WorkflowRuntimeHarness> {
    const storeSchema = uniqueSchema("store");
    schemas.push(storeSchema);
    const store = createPostgresStore({ client: pool, schema: storeSchema });
    await store.migrate();
    const clock = new TestClock(START);
    const runtime = createPgBossRuntime({
      connectionString: DATABASE_URL,
      schema: jobSchema,
      queue: queueName(),
      clock,
      maxConnections: 4,
      ...tuning,
    });
    return { runtime, store, events: store, clock: clockOf(clock), settle: settleOf(runtime) };
  },
});

runWorkflowRuntimeConformance({
  name: "pg-boss (PGlite)",
  async createHarness(): Promise<WorkflowRuntimeHarness> {
    const store = createPostgresStore({ client: pglite, schema: uniqueSchema("store") });
    await store.migrate();
    const clock = new TestClock(START);
    const runtime = createPgBossRuntime({ pglite, queue: queueName(), clock, ...tuning });
    return { runtime, store, events: store, clock: clockOf(clock), settle: settleOf(runtime) };
  },
});
