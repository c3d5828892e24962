// A worker process for the crash and multi-process tests: an engine on pg-boss and the
// PostgreSQL store, working until it is killed. Configured by WORKFLOW_WORKER_CONFIG.
import { createPostgresStore } from "@contexten/storage-postgres";
import pg from "pg";
import { createPgBossRuntime, createWorkflowEngine } from "../../src/index";
import {
  crashDefinition,
  scaleDefinition,
  type WorkerConfig,
  workerActions,
} from "./worker-definitions";

const config = JSON.parse(process.env.WORKFLOW_WORKER_CONFIG ?? "{}") as WorkerConfig;
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 8 });
const store = createPostgresStore({ client: pool, schema: config.storeSchema });
const runtime = createPgBossRuntime({
  connectionString: config.databaseUrl,
  schema: config.jobSchema,
  queue: config.queue,
  superviseIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
  concurrency: 4,
  batchSize: 16,
  maxConnections: 8,
  onError: (error) => process.stderr.write(`runtime error: ${String(error)}\n`),
});
const engine = createWorkflowEngine({
  store,
  events: store,
  runtime,
  actions: workerActions(pool, config),
  definitions: [crashDefinition, scaleDefinition],
  leaseGraceMs: 1000,
  logger: { info() {}, warn() {}, error() {} },
});

await engine.start();
if (config.triggerAll) {
  let cursor: string | undefined;
  let triggered = 0;
  do {
    const page = await store.query({ type: "test.trigger.*", order: "oldest", limit: 200, cursor });
    for (const event of page.events) {
      await engine.onEvent(event);
      triggered += 1;
    }
    cursor = page.nextCursor;
  } while (cursor);
  process.stdout.write(`triggered ${triggered}\n`);
}
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void engine.stop().finally(() => process.exit(0));
});
