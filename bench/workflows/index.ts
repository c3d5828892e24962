/**
 * bench/workflows: workflow runs triggered by stored events, on the memory runtime and on
 * the pg-boss runtime on the machine's PostgreSQL (`DATABASE_URL`, schemas of its own,
 * dropped after), next to pg-boss alone doing the same number of empty jobs in the same
 * run. Each run is one step; the latency is from the trigger event stored to its first
 * step started, as `engine.onEvent` sees it after a webhook's ack.
 */
import { MemoryEventStore, MemoryWorkflowStore } from "@contexten/core";
import { createPostgresStore } from "@contexten/storage-postgres";
import { createMemoryRuntime, createPgBossRuntime } from "@contexten/workflows";
import pg from "pg";
import { formatNumber } from "../shared/report";
import { measureWorkflowRuns, type RunMeasurement } from "./measure-runs";
import { measureRawPgBoss } from "./raw-pg-boss";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const RUNS = Number(process.env.BENCH_WORKFLOW_RUNS ?? 500);
const CONCURRENCY = 16;
const BATCH_SIZE = 16;
const WORKERS = 2;
const schemas = [
  `bench_wf_store_${process.pid}`,
  `bench_wf_jobs_${process.pid}`,
  `bench_raw_jobs_${process.pid}`,
];

async function dropSchemas(): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

function row(name: string, unit: string, measured: RunMeasurement): string[] {
  return [
    name,
    `${formatNumber(measured.perSecond, 1)} ${unit}/s`,
    `${measured.p50.toFixed(1)} ms`,
    `${measured.p99.toFixed(1)} ms`,
  ];
}

function printRows(rows: string[][]): void {
  const header = ["", "throughput", "p50 stored→started", "p99"];
  const widths = header.map((cell, index) =>
    Math.max(cell.length, ...rows.map((cells) => cells[index]!.length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, index) => cell.padEnd(widths[index]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const cells of rows) console.log(line(cells));
}

/** The three measurements at one load: memory, pg-boss on PostgreSQL, pg-boss alone. */
async function measureAll(
  store: ReturnType<typeof createPostgresStore>,
  count: number,
  concurrency: number,
  phase: string,
): Promise<void> {
  const memory = await measureWorkflowRuns({
    store: new MemoryWorkflowStore(),
    events: new MemoryEventStore(),
    runtime: createMemoryRuntime({ concurrency: 32 }),
    count,
    concurrency,
    label: `memory-${phase}`,
  });
  const postgres = await measureWorkflowRuns({
    store,
    events: store,
    runtime: createPgBossRuntime({
      connectionString: DATABASE_URL,
      schema: schemas[1]!,
      queue: `bench-${phase}`,
      batchSize: BATCH_SIZE,
      concurrency: WORKERS,
    }),
    count,
    concurrency,
    label: `postgres-${phase}`,
  });
  const raw = await measureRawPgBoss({
    connectionString: DATABASE_URL,
    schema: schemas[2]!,
    queue: `bench-${phase}`,
    count,
    concurrency,
    batchSize: BATCH_SIZE,
    workers: WORKERS,
  });
  console.log(`\n${phase}: ${count} one-step runs, ${concurrency} trigger(s) in flight`);
  printRows([
    row("workflows, memory runtime", "runs", memory),
    row("workflows, pg-boss on PostgreSQL", "runs", postgres),
    row("pg-boss alone, empty jobs (peer)", "jobs", raw),
  ]);
  console.log(
    `ratio: a workflow run on PostgreSQL costs ${(raw.perSecond / postgres.perSecond).toFixed(1)}× an empty pg-boss job in throughput; latency p50 ${(postgres.p50 / raw.p50).toFixed(1)}×, p99 ${(postgres.p99 / raw.p99).toFixed(1)}×`,
  );
}

async function main(): Promise<void> {
  console.log(`pg-boss: batches of ${BATCH_SIZE}, ${WORKERS} workers, LISTEN/NOTIFY on`);
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
  const store = createPostgresStore({ client: pool, schema: schemas[0]! });
  await store.migrate();
  try {
    await measureAll(store, RUNS, CONCURRENCY, "throughput");
    await measureAll(store, Math.min(RUNS, 100), 1, "one-at-a-time");
  } finally {
    await pool.end();
    await dropSchemas();
  }
}

main().catch(async (error: unknown) => {
  console.error(error);
  await dropSchemas().catch(() => undefined);
  process.exitCode = 1;
});
