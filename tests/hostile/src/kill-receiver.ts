/**
 * A webhook receiver on PostgreSQL for the kill test, run as a child process: the GitHub
 * source, `createPostgresStore`, and an `onEvent` that records every event it ran for in a
 * table of its own, so the test can check after a SIGKILL that post-ack work ran for every
 * stored delivery. Prints `listening <port>` once it accepts connections and `resumed <n>`
 * after its first sweep of deliveries whose work a dead process left pending.
 *
 * Environment: KILL_DATABASE_URL, KILL_SCHEMA, KILL_SECRET, KILL_CLOCK_OFFSET_MS (its clock
 * runs this far ahead, so a restarted receiver finds the dead one's leases expired, as it
 * would after `afterAckLeaseMs` of real time).
 */
import { createServer } from "node:http";
import { createWebhookHandler, systemClock, toNodeListener } from "@contexten/core";
import { githubWebhooks } from "@contexten/github";
import { createPostgresStore } from "@contexten/storage-postgres";
import pg from "pg";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const schema = env("KILL_SCHEMA");
const offset = Number(env("KILL_CLOCK_OFFSET_MS"));
const pool = new pg.Pool({ connectionString: env("KILL_DATABASE_URL"), max: 8 });
pool.on("error", () => {});
const store = createPostgresStore({ client: pool, schema });
await store.migrate();
await pool.query(
  `CREATE TABLE IF NOT EXISTS "${schema}".after_ack_log (event_id text PRIMARY KEY, runs int NOT NULL)`,
);

const handler = createWebhookHandler({
  sources: githubWebhooks({ secret: env("KILL_SECRET") }),
  store,
  clock: {
    now: () => systemClock.now() + offset,
    setTimeout: (callback, ms) => systemClock.setTimeout(callback, ms),
    clearTimeout: (timer) => systemClock.clearTimeout(timer),
  },
  resumeIntervalMs: 0,
  async onEvent(event) {
    // Some real work between the ack and the record, where a kill can land.
    await pool.query("SELECT pg_sleep(0.002)");
    await pool.query(
      `INSERT INTO "${schema}".after_ack_log (event_id, runs) VALUES ($1, 1)
        ON CONFLICT (event_id) DO UPDATE SET runs = after_ack_log.runs + 1`,
      [event.id],
    );
  },
  logger: { error: (...args: unknown[]) => console.error(...args) },
});

const server = createServer(toNodeListener(handler));
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
  void handler.resumePending().then((resumed) => console.log(`resumed ${resumed}`));
});
