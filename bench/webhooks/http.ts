/**
 * bench/webhooks, HTTP mode: GitHub deliveries over loopback HTTP, with a load generator
 * (autocannon, 16 connections), against `@octokit/webhooks`' `createNodeMiddleware`
 * (verify, parse, emit to one no-op handler; it stores and dedupes nothing).
 *
 * Contenders, each on its own port in one server process (`http-servers.ts`):
 * - `memory`: `createWebhookHandler` + `toNodeListener`, the GitHub source, a
 *   `MemoryEventStore`, no correlation: the ack path;
 * - `correlated`: the same with `CorrelationEngine` after the ack; its rate is the
 *   sustained one (requests ÷ (round + time to drain the after-ack backlog));
 * - `postgres`: the ack path on the machine's PostgreSQL (`DATABASE_URL`), when set.
 *
 * Every request carries a fresh delivery id over a realistic mix of GitHub's published
 * examples (a new repository every 100 deliveries). Rounds are interleaved; each
 * contender reports its median rate and the p99 latency of its median round.
 *
 * Run: npm run bench -- webhooks   (BENCH_WEBHOOKS_MODE=http for this mode only)
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { type BenchmarkRow, printRatio, printTable } from "../shared/report";
import { DeliveryMix, type SignedDelivery } from "./deliveries";

const SECRET = "bench-webhook-secret";
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 4);
const CONNECTIONS = 16;
const POOL = 2_000;

interface Sample {
  rps: number;
  p99: number;
  p50: number;
}

function startServers(): Promise<{ child: ChildProcess; ports: Record<string, number> }> {
  const child = fork(fileURLToPath(new URL("./http-servers.ts", import.meta.url)), {
    execArgv: ["--conditions=@contexten/source", "--import", "tsx"],
    env: { ...process.env, BENCH_SECRET: SECRET },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
    child.on("message", (message: { type: string; ports?: Record<string, number> }) => {
      if (message.type === "ready") resolve({ child, ports: message.ports! });
    });
  });
}

async function backlog(child: ChildProcess): Promise<Record<string, number>> {
  child.send({ type: "backlog" });
  for (;;) {
    const [message] = (await once(child, "message")) as [
      { type: string; backlog?: Record<string, number> },
    ];
    if (message.type === "backlog") return message.backlog!;
  }
}

let nextDelivery = 0;

async function load(port: number, pool: readonly SignedDelivery[]): Promise<Sample> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: CONNECTIONS,
    duration: ROUND_SECONDS,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const index = nextDelivery++;
          const delivery = pool[index % pool.length]!;
          return {
            ...request,
            method: "POST",
            path: "/",
            headers: {
              "content-type": "application/json",
              "x-github-event": delivery.name,
              "x-github-delivery": `http-${process.pid}-${index}`,
              "x-hub-signature-256": delivery.signature,
            },
            body: delivery.body,
          };
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `port ${port}: ${result.non2xx} non-2xx answers and ${result.errors} errors in a round`,
    );
  }
  return {
    rps: result.requests.total / ROUND_SECONDS,
    p99: result.latency.p99,
    p50: result.latency.p50,
  };
}

/** Waits until the contender's after-ack backlog is empty; returns the seconds it took. */
async function drainSeconds(child: ChildProcess, name: string): Promise<number> {
  const started = performance.now();
  while ((await backlog(child))[name]! > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  return (performance.now() - started) / 1000;
}

const median = <T>(values: readonly T[], by: (value: T) => number): T =>
  [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;

export async function runHttpBenchmark(): Promise<void> {
  const mix = new DeliveryMix(SECRET);
  const pool = mix.batch(0, POOL);
  const { child, ports } = await startServers();
  const names = Object.keys(ports);
  console.log(
    `\nHTTP mode: ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s, contenders: ${names.join(", ")}${ports.postgres ? "" : " (set DATABASE_URL to add PostgreSQL)"}`,
  );
  const samples = new Map<string, Sample[]>(names.map((name) => [name, []]));
  const backlogs = new Map<string, number[]>(names.map((name) => [name, []]));
  try {
    for (const name of names) await load(ports[name]!, pool); // warm-up
    await drainSeconds(child, "correlated");
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of names) {
        const sample = await load(ports[name]!, pool);
        if (name === "correlated") {
          const left = (await backlog(child)).correlated!;
          backlogs.get(name)!.push(left);
          const drain = await drainSeconds(child, name);
          sample.rps = (sample.rps * ROUND_SECONDS) / (ROUND_SECONDS + drain);
        }
        samples.get(name)!.push(sample);
      }
    }
  } finally {
    child.send({ type: "stop" });
  }
  const labels: Record<string, string> = {
    peer: "@octokit/webhooks createNodeMiddleware",
    memory: "contexten ack path (memory store)",
    correlated: "contexten + correlation, sustained",
    postgres: "contexten ack path (PostgreSQL)",
  };
  const rows: BenchmarkRow[] = names.map((name) => {
    const all = samples.get(name)!;
    const middle = median(all, (sample) => sample.rps);
    const extra: Record<string, string> = {
      p50: `${middle.p50} ms`,
      p99: `${middle.p99} ms`,
      rounds: `${Math.round(Math.min(...all.map((s) => s.rps)))}–${Math.round(Math.max(...all.map((s) => s.rps)))}/s`,
    };
    if (name === "correlated") extra["backlog at round end"] = backlogs.get(name)!.join(", ");
    return {
      name: labels[name] ?? name,
      opsPerSecond: middle.rps,
      meanNs: 1e9 / middle.rps,
      extra,
    };
  });
  printTable("GitHub webhooks over HTTP: requests per second (median of interleaved rounds)", rows);
  const peer = rows[0]!;
  for (const row of rows.slice(1)) printRatio(row, peer);
}
