/**
 * bench/instrumentation: the cost of metrics and tracing on the ingest path. The same
 * GitHub deliveries go through `createWebhookHandler` (verify, parse, normalize, dedupe,
 * store in a MemoryEventStore, ack) and its after-ack work (`CorrelationEngine.
 * processStoredEvent` with the default rules), three ways in the same run:
 *
 * - peer: no instrumentation;
 * - `@contexten/prometheus` recording every hook (webhook counts and ack latency,
 *   correlation matches) into its own registry;
 * - `@contexten/otel` with the API's no-op tracer (no SDK registered): what tracing
 *   hooks cost an application that has not turned tracing on.
 *
 * Rounds are interleaved (the order rotating each round) so a noisy neighbour slows every
 * contender alike; each reports its median, and the overhead is the median of the
 * per-round ratios against the peer measured in the same round. Goal: Prometheus costs
 * under 5% of throughput.
 *
 * Run: npm run bench -- instrumentation
 */
import {
  CorrelationEngine,
  createWebhookHandler,
  type Instrumentation,
  MemoryEventStore,
} from "@contexten/core";
import { githubWebhooks } from "@contexten/github";
import { createOpenTelemetryInstrumentation } from "@contexten/otel";
import { createPrometheusInstrumentation } from "@contexten/prometheus";
import { type BenchmarkRow, printRatio, printTable } from "../shared/report";
import { DeliveryMix, type SignedDelivery } from "../webhooks/deliveries";

const SECRET = "bench-webhook-secret";
const ROUNDS = Number(process.env.BENCH_INSTRUMENTATION_ROUNDS ?? 15);
const ROUND_MS = 800;
const BATCH = 50;
/** The examples date from 2019: correlate as of then, inside the retention window. */
const CORRELATION_NOW = new Date("2019-06-01T00:00:00Z");

interface Contender {
  name: string;
  handle(request: Request): Promise<Response>;
  drain(): Promise<void>;
}

function ingest(name: string, instrumentation: Instrumentation | undefined): Contender {
  const store = new MemoryEventStore();
  const engine = new CorrelationEngine({
    store,
    clock: () => CORRELATION_NOW,
    ...(instrumentation ? { instrumentation } : {}),
  });
  const handler = createWebhookHandler({
    sources: githubWebhooks({ secret: SECRET }),
    store,
    onEvent: (event) => engine.processStoredEvent(event),
    ...(instrumentation ? { instrumentation } : {}),
  });
  return { name, handle: handler, drain: () => handler.drain() };
}

function request(delivery: SignedDelivery, id: string): Request {
  return new Request("http://127.0.0.1/webhooks/github", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.name,
      "x-github-delivery": id,
      "x-hub-signature-256": delivery.signature,
    },
    body: delivery.bytes,
  });
}

/** Deliveries per second over `ms` of the contender's own busy time (ack and after-ack work). */
async function measure(
  contender: Contender,
  mix: DeliveryMix,
  state: { next: number },
  ms: number,
): Promise<number> {
  let busyMs = 0;
  let done = 0;
  while (busyMs < ms) {
    const first = state.next;
    const requests = mix
      .batch(first, BATCH)
      .map((delivery, offset) => request(delivery, `delivery-${first + offset}`));
    state.next += BATCH;
    const started = performance.now();
    for (const item of requests) {
      const response = await contender.handle(item);
      if (response.status !== 200) throw new Error(`${contender.name}: ${response.status}`);
    }
    await contender.drain();
    busyMs += performance.now() - started;
    done += BATCH;
  }
  return done / (busyMs / 1000);
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const mix = new DeliveryMix(SECRET);
const prometheus = createPrometheusInstrumentation();
const contenders = [
  ingest("ingest + @contexten/prometheus", prometheus),
  ingest("ingest + @contexten/otel (no SDK registered)", createOpenTelemetryInstrumentation()),
  ingest("ingest without instrumentation", undefined),
];
const states = contenders.map(() => ({ next: 0 }));
for (const [index, contender] of contenders.entries()) {
  await measure(contender, mix, states[index]!, 500); // warm-up
}
const samples = contenders.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round += 1) {
  for (let turn = 0; turn < contenders.length; turn += 1) {
    const index = (round + turn) % contenders.length;
    samples[index]!.push(await measure(contenders[index]!, mix, states[index]!, ROUND_MS));
  }
}
const rows: BenchmarkRow[] = contenders.map((contender, index) => {
  const values = samples[index]!;
  const opsPerSecond = median(values);
  return {
    name: contender.name,
    opsPerSecond,
    meanNs: 1e9 / opsPerSecond,
    extra: {
      deliveries: String(states[index]!.next),
      rounds: `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}/s`,
    },
  };
});
printTable(
  "GitHub webhook ingest (ack + correlation): deliveries per second, median of interleaved rounds",
  rows,
);
const peer = rows.at(-1)!;
const peerSamples = samples.at(-1)!;
for (const [index, row] of rows.slice(0, -1).entries()) {
  printRatio(row, peer);
  const perRound = samples[index]!.map((value, round) => peerSamples[round]! / value - 1);
  console.log(
    `overhead of ${row.name}: ${(median(perRound) * 100).toFixed(1)}% (median of ${ROUNDS} per-round ratios; goal < 5%)`,
  );
}
const webhookSeries = (await prometheus.registry.getMetricsAsJSON()).find(
  (metric) => metric.name === "webhook_events_total",
);
console.log(`webhook_events_total series recorded: ${webhookSeries?.values.length ?? 0}`);
