import type { PostgresStore } from "@contexten/storage-postgres";
import type pg from "pg";
import { type BenchmarkRow, printRatio, printTable } from "../shared/report";
import { GROUP_SIZE } from "./dataset";
import { percentiles, seededRandom, timeEach } from "./measure";

const LOOKUPS = 1_000;

/**
 * Flushes dirty buffers after a bulk load or an index build (when the role may), so the
 * measurements that follow are not stalled by evicting them: steady state, not the tail
 * of the load.
 */
export async function settle(pool: pg.Pool): Promise<void> {
  try {
    await pool.query("CHECKPOINT");
  } catch {
    // Needs superuser or pg_checkpoint; without it the numbers include that noise.
  }
}

interface Variant {
  name: string;
  /** Runs one lookup and returns how many events it found. */
  run(keys: string[]): Promise<number>;
}

function row(name: string, durations: number[]): BenchmarkRow {
  const latency = percentiles(durations);
  return {
    name,
    opsPerSecond: 1000 / latency.mean,
    meanNs: latency.mean * 1e6,
    extra: {
      p50: `${latency.p50.toFixed(2)} ms`,
      p99: `${latency.p99.toFixed(2)} ms`,
      max: `${latency.max.toFixed(2)} ms`,
    },
  };
}

/**
 * How `findByKeys` finds events: the store's `event_keys` btree (primary key
 * `(key, kind, event_id)`) against the alternative the design weighed, GIN indexes
 * (`jsonb_path_ops`) on the `keys` and `refs` JSON columns. Both are measured as raw SQL
 * (the same query shape and result) and the store's own call is shown for its overhead.
 * Lookups ask for one issue key (16 events mention it) plus three pull-request keys
 * (one event each), matching either side, like the correlation engine does.
 */
export async function compareKeyLookups(
  pool: pg.Pool,
  store: PostgresStore,
  schema: string,
  stored: number,
): Promise<void> {
  const events = `"${schema}".events`;
  const random = seededRandom(11);
  const lookupKeys = () => {
    const group = random(Math.floor(stored / GROUP_SIZE));
    return [
      `linear:issue:ENG-${group}`,
      ...[0, 1, 2].map(() => `github:pr:acme/api#${random(stored)}`),
    ];
  };
  const columns = "id, type, platform, occurred_at, received_at, subject, keys, refs, payload";
  const btree: Variant = {
    name: "SQL via event_keys (btree)",
    run: async (keys) =>
      (
        await pool.query(
          `SELECT ${columns} FROM ${events} WHERE id IN (
            SELECT event_id FROM "${schema}".event_keys WHERE key = ANY($1::text[])
          ) ORDER BY occurred_at DESC, id DESC LIMIT 1000`,
          [keys],
        )
      ).rows.length,
  };
  const gin: Variant = {
    name: "SQL via GIN on keys + refs",
    run: async (keys) => {
      const params = keys.flatMap((key) => [JSON.stringify([key]), JSON.stringify([{ key }])]);
      const conditions = keys.map(
        (_, index) => `keys @> $${index * 2 + 1}::jsonb OR refs @> $${index * 2 + 2}::jsonb`,
      );
      const sql = `SELECT ${columns} FROM ${events} WHERE ${conditions.join(" OR ")}
        ORDER BY occurred_at DESC, id DESC LIMIT 1000`;
      return (await pool.query(sql, params)).rows.length;
    },
  };
  const viaStore: Variant = {
    name: "store.findByKeys (event_keys)",
    run: async (keys) => (await store.findByKeys(keys)).length,
  };

  const measure = async (variant: Variant) => {
    const probe = lookupKeys();
    const found = await variant.run(probe);
    if (found < GROUP_SIZE) throw new Error(`${variant.name} found ${found} events`);
    await timeEach(100, () => variant.run(lookupKeys()));
    return row(variant.name, await timeEach(LOOKUPS, () => variant.run(lookupKeys())));
  };

  const viaStoreRow = await measure(viaStore);
  const btreeRow = await measure(btree);
  const started = performance.now();
  await pool.query(`CREATE INDEX bench_keys_gin ON ${events} USING gin (keys jsonb_path_ops)`);
  await pool.query(`CREATE INDEX bench_refs_gin ON ${events} USING gin (refs jsonb_path_ops)`);
  const buildMs = performance.now() - started;
  await pool.query(`VACUUM (ANALYZE) ${events}`);
  await settle(pool);
  const ginRow = await measure(gin);
  await pool.query(`DROP INDEX "${schema}".bench_keys_gin, "${schema}".bench_refs_gin`);

  printTable(
    `Key lookup at ${stored.toLocaleString("en-US")} events (4 keys, either side, ~19 matches)`,
    [btreeRow, ginRow, viaStoreRow],
  );
  printRatio(btreeRow, ginRow);
  console.log(
    `(building the two GIN indexes took ${Math.round(buildMs).toLocaleString("en-US")} ms)`,
  );
}
