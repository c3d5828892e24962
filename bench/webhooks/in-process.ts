/**
 * bench/webhooks: throughput of contexten's full GitHub ingest path against
 * @octokit/webhooks' `verifyAndReceive`, on the same signed deliveries in the same run.
 *
 * - contexten, end to end: `GitHubIntegration.processWebhook(request)`: read the
 *   Request, verify X-Hub-Signature-256 over the raw bytes, parse, normalize into a
 *   CorrelatedEvent with keys and refs, dedupe by delivery id, append to a
 *   MemoryEventStore, acknowledge (Response), correlate with CorrelationEngine (default
 *   rules), run one no-op handler.
 * - contexten, same steps from the raw body and headers (no Request/Response objects).
 * - contexten's source alone: verify, parse, normalize, dedupe, one no-op handler: the
 *   work `verifyAndReceive` does, plus normalization, without storing or correlating.
 * - peer: `webhooks.verifyAndReceive({ id, name, payload, signature })` with one no-op
 *   handler: verify, JSON.parse, dispatch. It stores, dedupes and correlates nothing.
 *
 * Every delivery has a fresh delivery id, and a new repository (name, ids, shas) starts
 * every 100 deliveries, so nothing is deduplicated away and correlation meets realistic
 * overlap. Deliveries are built and signed outside the timed sections. Rounds are
 * interleaved so a noisy neighbour slows every contender alike; each reports its median.
 *
 * Run: npm run bench -- webhooks
 */
import { CorrelationEngine, MemoryEventStore, type WebhookRequest } from "@contexten/core";
import { GitHubIntegration, githubWebhooks } from "@contexten/github";
import { Webhooks } from "@octokit/webhooks";
import { type BenchmarkRow, printRatio, printTable } from "../shared/report";
import { DeliveryMix, MIX, type SignedDelivery } from "./deliveries";

const SECRET = "bench-webhook-secret";
const ROUNDS = 7;
const ROUND_MS = 1_500;
const BATCH = 50;
/** The examples date from 2019: correlate as of then, inside the retention window. */
const CORRELATION_NOW = new Date("2019-06-01T00:00:00Z");
const noop = () => undefined;

/**
 * A contender: `prepare` builds its natural input for one delivery (untimed: the HTTP
 * server's job), `run` handles it and resolves when everything is done.
 */
export interface Contender<Input = unknown> {
  name: string;
  prepare(delivery: SignedDelivery, id: string): Input;
  run(input: Input): Promise<unknown>;
}

function webhookRequest(delivery: SignedDelivery, id: string, url: URL): WebhookRequest {
  return {
    method: "POST",
    url,
    headers: new Headers({
      "content-type": "application/json",
      "x-github-event": delivery.name,
      "x-github-delivery": id,
      "x-hub-signature-256": delivery.signature,
    }),
    rawBody: delivery.bytes,
    text: delivery.body,
    contentType: "application/json",
    receivedAt: new Date(),
  };
}

function processor(): GitHubIntegration {
  const store = new MemoryEventStore();
  const created = new GitHubIntegration({
    secret: SECRET,
    store,
    engine: new CorrelationEngine({ store, clock: () => CORRELATION_NOW }),
  });
  created.on("*", noop);
  return created;
}

/** A delivery as the Fetch `Request` GitHub would send. */
export function deliveryRequest(delivery: SignedDelivery, id: string): Request {
  return new Request("http://127.0.0.1/webhooks/github", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.name,
      "x-github-delivery": id,
      "x-hub-signature-256": delivery.signature,
    },
    body: delivery.bytes as RequestInit["body"],
  });
}

function contextenHandler(): Contender<Request> {
  const github = processor();
  return {
    name: "contexten processWebhook (Request in)",
    prepare: deliveryRequest,
    run: (request) => github.processWebhook(request),
  };
}

function contextenPipeline(): Contender<WebhookRequest> {
  const github = processor();
  const url = new URL("http://127.0.0.1/webhooks/github");
  return {
    name: "contexten pipeline (raw body in)",
    prepare: (delivery, id) => webhookRequest(delivery, id, url),
    async run(request) {
      github.webhooks.verify(request);
      const parsed = await github.webhooks.parse(request);
      if (parsed.kind !== "delivery") return;
      const events = await github.webhooks.normalize(parsed, { request });
      await github.store.append(events);
      if (!(await github.store.recordDelivery("github", parsed.deliveryId))) return;
      for (const event of events) await github.handleEvent(event);
    },
  };
}

function contextenSourceOnly(): Contender<WebhookRequest> {
  const source = githubWebhooks({ secret: SECRET });
  source.on("*", noop);
  const seen = new Set<string>();
  const url = new URL("http://127.0.0.1/webhooks/github");
  return {
    name: "contexten source only (no store, no correlation)",
    prepare: (delivery, id) => webhookRequest(delivery, id, url),
    async run(request) {
      source.verify(request);
      const parsed = await source.parse(request);
      if (parsed.kind !== "delivery" || seen.has(parsed.deliveryId)) return;
      seen.add(parsed.deliveryId);
      for (const event of await source.normalize(parsed, { request })) await source.dispatch(event);
    },
  };
}

type VerifyAndReceiveInput = Parameters<Webhooks["verifyAndReceive"]>[0];

function octokit(): Contender<VerifyAndReceiveInput> {
  const webhooks = new Webhooks({ secret: SECRET });
  webhooks.onAny(noop);
  return {
    name: "@octokit/webhooks verifyAndReceive",
    prepare: (delivery, id) => ({
      id,
      name: delivery.name as VerifyAndReceiveInput["name"],
      payload: delivery.body,
      signature: delivery.signature,
    }),
    run: (input) => webhooks.verifyAndReceive(input),
  };
}

/** Runs a contender on fresh deliveries for `ms` of its own busy time; deliveries per second. */
/**
 * What a round is timed by: `wall` is elapsed time; `cpu` is the CPU time this process
 * spent (all its threads, garbage collection included), which other processes on a busy
 * machine barely change, so it suits comparisons within one process.
 */
export type RoundClock = "wall" | "cpu";

function clockMs(clock: RoundClock): number {
  if (clock === "wall") return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export async function measure<Input>(
  contender: Contender<Input>,
  mix: DeliveryMix,
  state: { next: number },
  ms: number,
  clock: RoundClock = "wall",
): Promise<number> {
  let busyMs = 0;
  let done = 0;
  while (busyMs < ms) {
    const first = state.next;
    const inputs = mix
      .batch(first, BATCH)
      .map((delivery, offset) => contender.prepare(delivery, `delivery-${first + offset}`));
    state.next += BATCH;
    const started = clockMs(clock);
    for (const input of inputs) await contender.run(input);
    busyMs += clockMs(clock) - started;
    done += BATCH;
  }
  return done / (busyMs / 1000);
}

export const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function runInProcessBenchmark(): Promise<void> {
  const mix = new DeliveryMix(SECRET);
  const sample = mix.batch(0, 1_000);
  const meanBytes =
    sample.reduce((sum, delivery) => sum + delivery.bytes.byteLength, 0) / sample.length;
  console.log(
    `GitHub's published examples, mean ${Math.round(meanBytes)} bytes; mix: ${Object.entries(MIX)
      .map(([name, share]) => `${name} ${share}%`)
      .join(", ")}`,
  );
  const contenders: Contender[] = [
    contextenHandler(),
    contextenPipeline(),
    contextenSourceOnly(),
    octokit(),
  ] as Contender[];
  const states = contenders.map(() => ({ next: 0 }));
  for (const [index, contender] of contenders.entries()) {
    await measure(contender, mix, states[index]!, 500); // warm-up
  }
  const samples = contenders.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, contender] of contenders.entries()) {
      samples[index]!.push(await measure(contender, mix, states[index]!, ROUND_MS));
    }
  }
  const rows: BenchmarkRow[] = contenders.map((contender, index) => {
    const opsPerSecond = median(samples[index]!);
    const values = samples[index]!;
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
  printTable("GitHub webhook ingest: deliveries per second (median of interleaved rounds)", rows);
  const peer = rows.at(-1)!;
  for (const row of rows.slice(0, -1)) printRatio(row, peer);
}
