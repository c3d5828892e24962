/**
 * The hot-object case of bench/correlation: one pull request receiving 10,000 events
 * (see hot-object-traffic.ts), processed one by one through `CorrelationEngine` on a
 * `MemoryEventStore`. It measures what a long history must not change: the cost of the
 * last 1,000 events against the first 1,000 (goal ≤ 1.5), the links each event gets
 * against the keys it shares with earlier events (goal: never more), and the events each
 * one reads from the store.
 *
 * Each pass first fills its store with another pull request's 10,000 events, untimed, so
 * that the first 1,000 events of the measured one do not also pay for the heap growing
 * from nothing (frequent full collections while a young process grows its heap), which
 * would flatter the ratio: what is compared is the object's history, nothing else.
 */
import {
  type CorrelatedEvent,
  CorrelationEngine,
  type EventStore,
  MemoryEventStore,
} from "@contexten/core";
import { hotObjectTraffic } from "./hot-object-traffic";

/** What one pass over the traffic measured, per event. */
interface Pass {
  ns: number[];
  links: number[];
  shared: number[];
  reads: number[];
}

/** The hot-object results over several passes. */
export interface HotObjectResult {
  /** Events per pass. */
  count: number;
  /** Passes measured (after one warm-up pass). */
  passes: number;
  /** Median over passes of the mean time per event, first and last 1,000 events. */
  firstNs: number;
  lastNs: number;
  /** Median over passes of (mean of the last 1,000) / (mean of the first 1,000). */
  ratio: number;
  /** Links per event and keys it shares with earlier events, means over all events. */
  linksPerEvent: number;
  sharedKeysPerEvent: number;
  /** Events that got more links than keys they share (goal 0). */
  overBound: number;
  /** Mean events read from the store per event, first and last 1,000. */
  readsFirst: number;
  readsLast: number;
}

const WINDOW = 1_000;

/** A fresh store for one pass, and how to dispose of it. */
export interface HotObjectStore {
  store: EventStore & Required<Pick<EventStore, "findPerKey">>;
  close(): Promise<void>;
}

const memoryStore = async (): Promise<HotObjectStore> => ({
  store: new MemoryEventStore(),
  close: async () => {},
});

async function runPass(
  background: readonly CorrelatedEvent[],
  events: readonly CorrelatedEvent[],
  open: () => Promise<HotObjectStore>,
): Promise<Pass> {
  const { store, close } = await open();
  try {
    return await measurePass(store, background, events);
  } finally {
    await close();
  }
}

async function measurePass(
  store: HotObjectStore["store"],
  background: readonly CorrelatedEvent[],
  events: readonly CorrelatedEvent[],
): Promise<Pass> {
  const findPerKey = store.findPerKey.bind(store);
  let read = 0;
  store.findPerKey = async (lookups, options) => {
    const answers = await findPerKey(lookups, options);
    read += new Set(answers.flat().map((event) => event.id)).size;
    return answers;
  };
  let latest = events[0]!.occurredAt;
  const engine = new CorrelationEngine({ store, clock: () => latest });
  for (const event of background) {
    if (event.occurredAt > latest) latest = event.occurredAt;
    await engine.processEvent(event);
  }
  const seen = new Set<string>();
  const pass: Pass = { ns: [], links: [], shared: [], reads: [] };
  for (const event of events) {
    if (event.occurredAt > latest) latest = event.occurredAt;
    const keys = [...new Set([...event.keys, ...event.refs.map((ref) => ref.key)])];
    read = 0;
    const started = performance.now();
    const result = await engine.processEvent(event);
    pass.ns.push((performance.now() - started) * 1e6);
    pass.links.push(result.links.length);
    pass.shared.push(keys.filter((key) => seen.has(key)).length);
    pass.reads.push(read);
    for (const key of keys) seen.add(key);
  }
  return pass;
}

const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Options of {@link measureHotObject}. */
export interface HotObjectOptions {
  /** Events on the hot pull request (default 10,000). */
  count?: number;
  /** Measured passes after one warm-up pass (default 5; 0 warm-up passes with `open`). */
  passes?: number;
  /** Store per pass (default a `MemoryEventStore`). */
  open?: () => Promise<HotObjectStore>;
  /** Fill each store with another pull request's traffic first (default true). */
  background?: boolean;
}

/** Runs one warm-up pass and `passes` measured ones over `count` events. */
export async function measureHotObject(options: HotObjectOptions = {}): Promise<HotObjectResult> {
  const { count = 10_000, passes = 5, open = memoryStore } = options;
  const events = hotObjectTraffic(count, 42);
  const background = options.background === false ? [] : hotObjectTraffic(count, 41);
  // Warm-up: JIT and caches, not measured (a database store is warm enough after migrating).
  if (open === memoryStore) await runPass(background, events, open);
  const measured: Pass[] = [];
  for (let index = 0; index < passes; index += 1) {
    globalThis.gc?.();
    measured.push(await runPass(background, events, open));
  }
  const first = (values: number[]) => mean(values.slice(0, WINDOW));
  const last = (values: number[]) => mean(values.slice(-WINDOW));
  const pass = measured[0]!;
  return {
    count,
    passes,
    firstNs: median(measured.map((item) => first(item.ns))),
    lastNs: median(measured.map((item) => last(item.ns))),
    ratio: median(measured.map((item) => last(item.ns) / first(item.ns))),
    linksPerEvent: mean(pass.links),
    sharedKeysPerEvent: mean(pass.shared),
    overBound: pass.links.filter((links, index) => links > pass.shared[index]!).length,
    readsFirst: first(pass.reads),
    readsLast: last(pass.reads),
  };
}
