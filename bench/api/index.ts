/**
 * bench/api: how much the API adds on top of the engine. A `MemoryEventStore` holds 100k
 * events (20k groups of five linked events: Linear issue → branch push → PR → CI run →
 * Slack message); each operation reads the lineage of a random group's first event:
 *
 * - `engine.getEventLineage` called directly (the peer),
 * - `GET /api/v1/events/:id/lineage` through the API's Fetch handler (routing, bearer auth,
 *   query validation, JSON) and over HTTP on 127.0.0.1 (`node:http` + keep-alive `fetch`),
 * - the GraphQL `eventLineage` query through the Fetch handler and over HTTP.
 *
 * The store is memory (PostgreSQL's own lineage cost is measured by bench/storage), so the
 * ratios show the API's overhead, not the database's. Run: npm run bench -- api
 * (BENCH_API_EVENTS changes the store size, BENCH_API_SECONDS the time per row). Rows are
 * measured in five interleaved rounds; each shows its median round.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createContextenApi } from "@contexten/api";
import { type Correlation, CorrelationEngine, MemoryEventStore } from "@contexten/core";
import { type BenchmarkRow, formatNumber, printRatio, printTable } from "../shared/report";

const EVENTS = Number(process.env.BENCH_API_EVENTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 5);
const ROUNDS = 5;
const GROUP = 5;
const TOKEN = "bench-token-0123456789abcdef";
const KINDS = [
  ["linear", "linear.issue.created", "issue"],
  ["github", "github.push", "push"],
  ["github", "github.pull_request.opened", "pull_request"],
  ["github", "github.check_run.completed", "check_run"],
  ["slack", "slack.message.posted", "message"],
] as const;

async function fill(store: MemoryEventStore): Promise<string[]> {
  const roots: string[] = [];
  const start = Date.parse("2026-01-01T00:00:00Z");
  for (let first = 0; first < EVENTS; first += 1000) {
    const events = [];
    const links: Correlation[] = [];
    for (let index = first; index < Math.min(first + 1000, EVENTS); index += 1) {
      const group = Math.floor(index / GROUP);
      const position = index % GROUP;
      const [platform, type, kind] = KINDS[position]!;
      const at = new Date(start + index * 1000);
      const id = `evt-${index}`;
      if (position === 0) roots.push(id);
      events.push({
        id,
        type,
        platform,
        occurredAt: at,
        receivedAt: at,
        subject: { kind, id: `${kind}-${group}`, key: `ENG-${group}` },
        keys: [`${platform}:${kind}:${group}`],
        refs: position === 0 ? [] : [{ key: `linear:issue:${group}`, evidence: "title" as const }],
        payload: { title: `Fix ENG-${group}`, number: group, body: "x".repeat(200) },
        correlationId: `group-${group}`,
      });
      if (position > 0) {
        links.push({
          id: `link-${index}`,
          sourceEventId: `evt-${index - 1}`,
          targetEventId: id,
          rule: "bench",
          strength: 0.9,
          evidence: [{ key: `linear:issue:${group}`, evidence: "title" }],
          createdAt: at,
        });
      }
    }
    await store.append(events);
    await store.link(links);
  }
  return roots;
}

interface Measured {
  name: string;
  operation: (id: string) => Promise<unknown>;
  rates: number[];
}

/**
 * Measures every operation in ROUNDS interleaved rounds of SECONDS / ROUNDS each (one
 * request at a time), so load from elsewhere on the machine slows them alike; each row
 * reports its median round.
 */
async function measureAll(
  entries: Array<Omit<Measured, "rates">>,
  roots: string[],
): Promise<BenchmarkRow[]> {
  const pick = () => roots[Math.floor(Math.random() * roots.length)]!;
  const measured: Measured[] = entries.map((entry) => ({ ...entry, rates: [] }));
  for (const entry of measured)
    for (let index = 0; index < 200; index += 1) await entry.operation(pick());
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const entry of measured) {
      let count = 0;
      const started = process.hrtime.bigint();
      const deadline = started + BigInt(Math.round((SECONDS / ROUNDS) * 1e9));
      while (process.hrtime.bigint() < deadline) {
        await entry.operation(pick());
        count += 1;
      }
      entry.rates.push((count / Number(process.hrtime.bigint() - started)) * 1e9);
    }
  }
  return measured.map((entry) => {
    const sorted = [...entry.rates].sort((a, b) => a - b);
    const opsPerSecond = sorted[Math.floor(sorted.length / 2)]!;
    return { name: entry.name, opsPerSecond, meanNs: 1e9 / opsPerSecond };
  });
}

async function main(): Promise<void> {
  const store = new MemoryEventStore();
  const filling = Date.now();
  const roots = await fill(store);
  console.log(
    `${formatNumber(EVENTS)} events in a MemoryEventStore (${((Date.now() - filling) / 1000).toFixed(1)} s to fill)`,
  );
  const engine = new CorrelationEngine({ store });
  const api = createContextenApi({
    store,
    engine,
    auth: { tokens: [{ token: TOKEN, scopes: ["read"] }] },
    onError: console.error,
  });
  await api.start();
  const server = createServer((request, response) => void api.listener(request, response));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${TOKEN}` };
  const query =
    "query($id: ID!) { eventLineage(eventId: $id) { rootEvent { id } relatedEvents { id type } correlationStrength } }";
  const graphqlInit = (id: string): RequestInit => ({
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ query, variables: { id } }),
  });
  const expectOk = async (response: Response) => {
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body;
  };

  const rows = await measureAll(
    [
      { name: "engine.getEventLineage (direct)", operation: (id) => engine.getEventLineage(id) },
      {
        name: "GET /events/:id/lineage (Fetch handler)",
        operation: async (id) =>
          expectOk(
            await api.fetch(new Request(`http://api/api/v1/events/${id}/lineage`, { headers })),
          ),
      },
      {
        name: "GET /events/:id/lineage (HTTP)",
        operation: async (id) =>
          expectOk(await fetch(`${base}/api/v1/events/${id}/lineage`, { headers })),
      },
      {
        name: "GraphQL eventLineage (Fetch handler)",
        operation: async (id) =>
          expectOk(await api.fetch(new Request("http://api/graphql", graphqlInit(id)))),
      },
      {
        name: "GraphQL eventLineage (HTTP)",
        operation: async (id) => expectOk(await fetch(`${base}/graphql`, graphqlInit(id))),
      },
    ],
    roots,
  );
  const [direct, restHandler, restHttp, graphqlHandler, graphqlHttp] = rows as [
    BenchmarkRow,
    BenchmarkRow,
    BenchmarkRow,
    BenchmarkRow,
    BenchmarkRow,
  ];
  printTable(
    `Lineage of a 5-event group, ${formatNumber(EVENTS)} events stored (memory store), one request at a time, median of ${ROUNDS} interleaved rounds`,
    [direct, restHandler, restHttp, graphqlHandler, graphqlHttp],
  );
  for (const row of [restHandler, restHttp, graphqlHandler, graphqlHttp]) printRatio(row, direct);
  server.closeAllConnections();
  server.close();
  await api.close();
}

await main();
