/**
 * bench/correlation: first the hot-object case (hot-object.ts: 10,000 events on one pull
 * request; the last 1,000 must cost at most 1.5× the first 1,000, and no event may get
 * more links than keys it shares), then the per-event cost of
 * CorrelationEngine.processEvent on a MemoryEventStore holding 10k, 100k and 1M events,
 * the ratio 1M / 10k (goal ≤ 1.5: the cost must not grow with history), and the heap used
 * per stored event.
 *
 * Run: npm run bench -- correlation     (BENCH_CORRELATION_MAX=100000 for a quick run)
 *
 * Each history size lives in its own worker process (worker.ts), filled by processing
 * realistic traffic (traffic.ts) through the engine. The sizes are then measured in
 * short interleaved rounds, so a noisy neighbour on a shared machine slows all of them
 * alike; each size reports the median of its rounds, and the ratios are the medians of
 * the per-round ratios (batches of one round run within a second of each other).
 *
 * Every larger worker also holds a 10k-event control engine, measured in the same rounds:
 * it runs in the same heap as the big store, so "store size" and "heap size" effects can
 * be told apart (the first is the engine's, the second the garbage collector's).
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createPostgresStore } from "@contexten/storage-postgres";
import pg from "pg";
import {
  type BenchmarkRow,
  formatDuration,
  formatNumber,
  printRatio,
  printTable,
} from "../shared/report";
import { type HotObjectResult, type HotObjectStore, measureHotObject } from "./hot-object";
import type { WorkerReply, WorkerRequest } from "./worker";

const SIZES = [10_000, 100_000, 1_000_000].filter(
  (size) => size <= Number(process.env.BENCH_CORRELATION_MAX ?? 1_000_000),
);
const ROUNDS = 60;
const BATCH = 200;
const CONTROL_SIZE = 10_000;
/** A million stored events need more than Node's default heap (about 4 GiB). */
const HEAP_MIB = 12_288;

interface Worker {
  size: number;
  child: ChildProcess;
  ask(request: WorkerRequest): Promise<WorkerReply>;
}

function startWorker(size: number): Worker {
  const child = fork(fileURLToPath(new URL("./worker.ts", import.meta.url)), {
    execArgv: [...process.execArgv, `--max-old-space-size=${HEAP_MIB}`],
    stdio: "inherit",
  });
  const ask = (request: WorkerRequest) =>
    new Promise<WorkerReply>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`worker ${size} exited with ${code}`));
      child.once("exit", onExit);
      child.once("message", (reply: WorkerReply) => {
        child.off("exit", onExit);
        resolve(reply);
      });
      child.send(request);
    });
  return { size, child, ask };
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A PostgreSQL store in a schema of its own per pass, dropped afterwards. */
function postgresHotStore(databaseUrl: string): () => Promise<HotObjectStore> {
  return async () => {
    const schema = `bench_hot_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const store = createPostgresStore({ connectionString: databaseUrl, schema });
    await store.migrate();
    return {
      store,
      async close() {
        await store.close();
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      },
    };
  };
}

async function hotObject(): Promise<void> {
  await printHotObject("MemoryEventStore", await measureHotObject());
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const count = Number(process.env.BENCH_HOT_PG_EVENTS ?? 10_000);
    const hot = await measureHotObject({
      count,
      passes: 1,
      background: false,
      open: postgresHotStore(databaseUrl),
    });
    await printHotObject("PostgreSQL (1 pass, no background)", hot);
  } else {
    console.log("(set DATABASE_URL to run the hot-object case on PostgreSQL too)");
  }
}

async function printHotObject(storeName: string, hot: HotObjectResult): Promise<void> {
  const row = (name: string, meanNs: number, reads: number): BenchmarkRow => ({
    name,
    opsPerSecond: 1e9 / meanNs,
    meanNs,
    extra: { "events read": reads.toFixed(1) },
  });
  const first = row("first 1,000 events", hot.firstNs, hot.readsFirst);
  const last = row(`last 1,000 events (of ${formatNumber(hot.count)})`, hot.lastNs, hot.readsLast);
  printTable(
    `Hot object on ${storeName}: ${formatNumber(hot.count)} events on one pull request (check runs, statuses, comments, reviews, pushes), median of ${hot.passes} passes`,
    [first, last],
  );
  printRatio(last, first);
  console.log(
    `cost ratio last / first 1,000 (median of per-pass ratios): ${hot.ratio.toFixed(2)} (goal ≤ 1.50: ${hot.ratio <= 1.5 ? "met" : "NOT met"})`,
  );
  console.log(
    `links per event ${hot.linksPerEvent.toFixed(2)}, keys shared with earlier events ${hot.sharedKeysPerEvent.toFixed(2)}; events with more links than shared keys: ${hot.overBound} (goal 0: ${hot.overBound === 0 ? "met" : "NOT met"})`,
  );
}

async function main(): Promise<void> {
  if (!process.execArgv.includes("--expose-gc")) {
    console.warn("Run through `npm run bench` (it passes --expose-gc) for exact memory figures.");
  }
  await hotObject();
  const workers: Worker[] = [];
  const fills = new Map<number, Extract<WorkerReply, { filled: number }>>();
  try {
    // Fill one at a time so the fills do not compete for the CPU.
    for (const size of SIZES) {
      const worker = startWorker(size);
      workers.push(worker);
      const request = size > CONTROL_SIZE ? { fill: size, control: CONTROL_SIZE } : { fill: size };
      const reply = (await worker.ask(request)) as Extract<WorkerReply, { filled: number }>;
      fills.set(size, reply);
      console.log(
        `… ${formatNumber(reply.filled)} events stored in ${reply.fillSeconds.toFixed(1)} s, ${formatNumber(reply.links)} links`,
      );
    }
    const costs = new Map<number, number[]>(SIZES.map((size) => [size, []]));
    const controlCosts = new Map<number, number[]>(SIZES.map((size) => [size, []]));
    const gc = new Map<number, number>(SIZES.map((size) => [size, 0]));
    for (let round = 0; round < ROUNDS; round += 1) {
      // Rotate the order so no size always runs first after a pause.
      for (let index = 0; index < workers.length; index += 1) {
        const worker = workers[(round + index) % workers.length]!;
        const reply = (await worker.ask({ batch: BATCH, target: "main" })) as Extract<
          WorkerReply,
          { gcMs: number }
        >;
        costs.get(worker.size)!.push(reply.nsPerEvent);
        gc.set(worker.size, gc.get(worker.size)! + reply.gcMs);
        if (worker.size > CONTROL_SIZE) {
          const control = (await worker.ask({ batch: BATCH, target: "control" })) as Extract<
            WorkerReply,
            { gcMs: number }
          >;
          controlCosts.get(worker.size)!.push(control.nsPerEvent);
        }
      }
    }

    const rows: BenchmarkRow[] = SIZES.map((size) => {
      const meanNs = median(costs.get(size)!);
      const totalNs = costs.get(size)!.reduce((sum, value) => sum + value, 0) * BATCH;
      const fill = fills.get(size)!;
      return {
        name: `processEvent @ ${formatNumber(size)} stored`,
        opsPerSecond: 1e9 / meanNs,
        meanNs,
        extra: {
          "heap/event": `${formatNumber(fill.heapPerEvent)} B`,
          "links/event": (fill.links / fill.filled).toFixed(2),
          "GC pauses": `${((gc.get(size)! * 1e6 * 100) / totalNs).toFixed(1)}%`,
          "10k control, same heap":
            size > CONTROL_SIZE ? formatDuration(median(controlCosts.get(size)!)) : "",
        },
      };
    });
    printTable(
      `CorrelationEngine.processEvent on MemoryEventStore (median of ${ROUNDS} interleaved rounds × ${BATCH} events)`,
      rows,
    );
    if (rows.length > 1) {
      const first = rows[0]!;
      const last = rows[rows.length - 1]!;
      printRatio(last, first);
      const smallest = SIZES[0]!;
      const largest = SIZES[SIZES.length - 1]!;
      const perRound = (numerator: number[], denominator: number[]) =>
        median(numerator.map((value, round) => value / denominator[round]!));
      const ratio = perRound(costs.get(largest)!, costs.get(smallest)!);
      console.log(
        `cost ratio ${formatNumber(largest)} / ${formatNumber(smallest)} stored (median of per-round ratios): ${ratio.toFixed(2)} (goal ≤ 1.50: ${ratio <= 1.5 ? "met" : "NOT met"})`,
      );
      const sameHeap = perRound(costs.get(largest)!, controlCosts.get(largest)!);
      console.log(
        `same heap: ${formatNumber(largest)} stored / ${formatNumber(CONTROL_SIZE)} stored in one process: ${sameHeap.toFixed(2)} (what the store size itself costs; the rest of the ratio above is the larger heap's garbage collection)`,
      );
    }
  } finally {
    for (const worker of workers) worker.child.kill();
  }
}

await main();
