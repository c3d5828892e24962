/**
 * bench/storage: the PostgreSQL store on the machine's PostgreSQL (`DATABASE_URL`, default
 * postgres://postgres@127.0.0.1:5432/test), in a schema of its own that is dropped after.
 *
 * 1. Append throughput: `store.append` in batches against the named peer, a naive loop
 *    of one INSERT per event (each also writing the event's key rows, the same work).
 * 2. Lineage p50/p99 at depth 10 with 100k and then 1M events stored.
 * 3. Key lookups at 1M events: the `event_keys` btree against GIN indexes on keys and refs.
 */
import { createPostgresStore } from "@contexten/storage-postgres";
import pg from "pg";
import { formatNumber, printRatio, printTable } from "../shared/report";
import { benchEvent, benchLinks, eventId, GROUP_SIZE } from "./dataset";
import { compareKeyLookups, settle } from "./key-lookup";
import { percentiles, seededRandom, timeEach } from "./measure";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SCHEMA = `contexten_bench_${process.pid}`;
const NAIVE_EVENTS = 5_000;
const BATCHED_EVENTS = 50_000;
const BATCH_SIZE = 1_000;
/** A multiple of GROUP_SIZE, so a batch never splits a group. */
const LOAD_BATCH = GROUP_SIZE * 256;
const SIZES = [100_000, 1_000_000];
if (SIZES.some((size) => size % GROUP_SIZE !== 0)) throw new Error("sizes must hold whole groups");
const LOOKUPS = 1_000;

const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
const store = createPostgresStore({ client: pool, schema: SCHEMA });
const table = (name: string) => `"${SCHEMA}".${name}`;

async function naiveAppend(count: number): Promise<number> {
  const statement = `WITH inserted AS (
      INSERT INTO ${table("events")} (id, type, platform, occurred_at, received_at, delivery_id,
        subject, keys, refs, payload, correlation_id, parent_event_id, workflow_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, NULL)
      ON CONFLICT (id) DO NOTHING RETURNING id
    )
    INSERT INTO ${table("event_keys")} (event_id, key, kind)
    SELECT inserted.id, k.key, k.kind FROM inserted, unnest($11::text[], $12::text[]) AS k(key, kind)`;
  const start = performance.now();
  for (let index = 0; index < count; index += 1) {
    const event = benchEvent(index);
    const keys = [...event.keys, ...event.refs.map((ref) => ref.key)];
    await pool.query(statement, [
      event.id,
      event.type,
      event.platform,
      event.occurredAt,
      event.receivedAt,
      event.deliveryId,
      JSON.stringify(event.subject),
      JSON.stringify(event.keys),
      JSON.stringify(event.refs),
      JSON.stringify(event.payload),
      keys,
      [...event.keys.map(() => "key"), ...event.refs.map(() => "ref")],
    ]);
  }
  return performance.now() - start;
}

async function batchedAppend(count: number): Promise<number> {
  const start = performance.now();
  for (let first = 0; first < count; first += BATCH_SIZE) {
    const batch = Array.from({ length: BATCH_SIZE }, (_, offset) => benchEvent(first + offset));
    await store.append(batch);
  }
  return performance.now() - start;
}

async function truncate(): Promise<void> {
  await pool.query(`TRUNCATE ${table("events")} CASCADE`);
}

async function appendThroughput(): Promise<void> {
  await truncate();
  const naiveMs = await naiveAppend(NAIVE_EVENTS);
  await truncate();
  const batchedMs = await batchedAppend(BATCHED_EVENTS);
  await truncate();
  const row = (name: string, events: number, ms: number) => ({
    name,
    opsPerSecond: (events / ms) * 1000,
    meanNs: (ms / events) * 1e6,
    extra: { events: formatNumber(events), "events/s": formatNumber((events / ms) * 1000) },
  });
  const naive = row("naive loop, one INSERT per event", NAIVE_EVENTS, naiveMs);
  const batched = row(
    `store.append, batches of ${formatNumber(BATCH_SIZE)}`,
    BATCHED_EVENTS,
    batchedMs,
  );
  printTable("Append throughput (real PostgreSQL)", [batched, naive]);
  printRatio(batched, naive);
  const verdict = batched.opsPerSecond >= 5_000 ? "met" : "NOT met";
  console.log(`goal: at least 5,000 events/s appended: ${verdict}`);
}

let loaded = 0;

/**
 * Loads events (and their links) up to `target` through the store's own batched append,
 * with two loaders so that building the next batch in JavaScript overlaps PostgreSQL
 * inserting the current one. Batches hold whole groups, so links never cross batches.
 */
async function loadUpTo(target: number): Promise<void> {
  const start = performance.now();
  const from = loaded;
  let next = loaded;
  let reported = loaded;
  const loader = async () => {
    while (next < target) {
      const first = next;
      const size = Math.min(LOAD_BATCH, target - first);
      next += size;
      const indexes = Array.from({ length: size }, (_, offset) => first + offset);
      await store.append(indexes.map(benchEvent));
      await store.link(indexes.flatMap(benchLinks));
      loaded += size;
      if (loaded - reported >= 100_000 || loaded === target) {
        reported = loaded;
        const rate = ((loaded - from) / (performance.now() - start)) * 1000;
        console.log(
          `  loaded ${formatNumber(loaded)} / ${formatNumber(target)} events (${formatNumber(rate)} events/s with their links)`,
        );
      }
    }
  };
  await Promise.all([loader(), loader()]);
  // What autovacuum does to insert-only tables in steady state: statistics for the planner
  // and a visibility map, so index-only scans skip the heap.
  for (const name of ["events", "event_keys", "event_correlations"]) {
    await pool.query(`VACUUM (ANALYZE) ${table(name)}`);
  }
  await settle(pool);
}

async function lineageLatency(stored: number) {
  const groups = Math.floor(stored / GROUP_SIZE);
  const random = seededRandom(stored);
  const root = () => eventId(random(groups) * GROUP_SIZE);
  // Check what is measured: from a group's first event, depth 10 reaches 13 events (two
  // skip links shorten paths) and stops short of the last ones, so the walk is truncated.
  const sample = await store.lineage(root(), { maxDepth: 10 });
  if (sample?.events.length !== 13 || !sample.truncated || sample.links.length !== 14) {
    throw new Error(`unexpected lineage shape: ${sample?.events.length} events`);
  }
  await timeEach(100, () => store.lineage(root(), { maxDepth: 10 }));
  return percentiles(await timeEach(LOOKUPS, () => store.lineage(root(), { maxDepth: 10 })));
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  console.log(`PostgreSQL at ${new URL(DATABASE_URL).host}, schema ${SCHEMA} (dropped after)`);
  await store.migrate();
  await appendThroughput();

  const lineageRows = [];
  for (const size of SIZES) {
    console.log(
      `\nLoading ${formatNumber(size)} events (store.append + store.link, ${formatNumber(LOAD_BATCH)} per call, 2 loaders)…`,
    );
    await loadUpTo(size);
    const latency = await lineageLatency(size);
    lineageRows.push({
      name: `lineage depth 10, ${formatNumber(size)} events stored`,
      opsPerSecond: 1000 / latency.mean,
      meanNs: latency.mean * 1e6,
      extra: { p50: ms(latency.p50), p99: ms(latency.p99), max: ms(latency.max) },
    });
  }
  printTable(
    `Lineage (${formatNumber(LOOKUPS)} walks from random groups, 13 events and 14 links each)`,
    lineageRows,
  );
  const largest = lineageRows.at(-1)!;
  const p99 = Number.parseFloat(largest.extra.p99);
  console.log(
    `goal: lineage p99 at most 10 ms at 1M events: ${p99 <= 10 ? "met" : "NOT met"} (${largest.extra.p99})`,
  );
  await compareKeyLookups(pool, store, SCHEMA, SIZES.at(-1)!);
}

try {
  await main();
} finally {
  await pool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await pool.end();
}
