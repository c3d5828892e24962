import { randomUUID } from "node:crypto";
import { createPostgresStore, type PostgresStore } from "@contexten/storage-postgres";
import { createClient as createSseClient } from "graphql-sse";
import { createClient as createWsClient } from "graphql-ws";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { createPostgresApiConfigStore, createPostgresLiveTransport } from "../src/index";
import {
  type ApiInstance,
  GITHUB_SECRET,
  graphql,
  startApiInstance,
  TOKENS,
} from "./support/api-harness";
import { pullRequestDelivery } from "./support/github-payloads";

const CONNECTION = process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";
const schema = `api_live_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
const pools: pg.Pool[] = [];
const stores: PostgresStore[] = [];
let a: ApiInstance;
let b: ApiInstance;

/** An instance with its own pool, on the shared database and schema. */
async function instance(): Promise<ApiInstance> {
  const pool = new pg.Pool({ connectionString: CONNECTION, max: 4 });
  pools.push(pool);
  const store = createPostgresStore({ client: pool, schema });
  stores.push(store);
  return startApiInstance({
    store,
    workflowStore: store,
    live: createPostgresLiveTransport({ pool, channel: schema }),
    config: createPostgresApiConfigStore({ pool, schema }),
  });
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((ok) => {
    resolve = ok;
  });
  return { promise, resolve };
}

/** The next `count` items of a subscription, as a promise. */
function collect<T>(count: number): {
  items: T[];
  done: Promise<T[]>;
  push(item: T): void;
  fail(error: unknown): void;
} {
  const items: T[] = [];
  let resolve!: (items: T[]) => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<T[]>((ok, no) => {
    resolve = ok;
    reject = no;
  });
  return {
    items,
    done,
    push(item) {
      items.push(item);
      if (items.length === count) resolve(items);
    },
    fail: reject,
  };
}

beforeAll(async () => {
  a = await instance();
  b = await instance();
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  const admin = new pg.Client({ connectionString: CONNECTION });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  await Promise.all(pools.map((pool) => pool.end()));
});

describe("across instances on one PostgreSQL", () => {
  it("streams events stored by instance B to a graphql-sse subscriber on instance A", async () => {
    const received = collect<{ id: string; platform: string; subject: { key: string } }>(1);
    const connected = deferred<void>();
    const client = createSseClient({
      url: `${a.url}/graphql`,
      headers: { authorization: `Bearer ${TOKENS.read}` },
      singleConnection: false,
      retryAttempts: 0,
      on: { connected: () => connected.resolve() },
    });
    const unsubscribe = client.subscribe<{
      eventStream: { id: string; platform: string; subject: { key: string } };
    }>(
      {
        query: `subscription { eventStream(filter: { platform: ["github"], type: ["github.pull_request.*"] }) { id platform subject { key } } }`,
      },
      {
        next: (result) =>
          result.data ? received.push(result.data.eventStream) : received.fail(result.errors),
        error: received.fail,
        complete: () => {},
      },
    );
    await connected.promise;
    const delivery = await fetch(
      await pullRequestDelivery(`${b.url}/api/v1/integrations/github/webhook`, GITHUB_SECRET, 21),
    );
    expect(delivery.status).toBeLessThan(300);
    const [event] = await received.done;
    expect(event!.platform).toBe("github");
    expect(event!.subject.key).toContain("#21");
    expect(await a.store.get(event!.id)).toBeDefined();
    unsubscribe();
    client.dispose();
    await b.settle();
  });

  it("streams a run's updates from instance B to a graphql-ws subscriber on instance A", async () => {
    const trigger = await fetch(`${b.url}/api/v1/workflows/trigger`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKENS.write}`, "content-type": "application/json" },
      body: JSON.stringify({ workflowId: "record" }),
    });
    expect(trigger.status).toBe(201);
    const { run } = (await trigger.json()) as { run: { id: string } };

    const updates = collect<{ status: string; stepId: string | null }>(1);
    const completed = deferred<void>();
    const client = createWsClient({
      url: `${a.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${TOKENS.read}` },
      retryAttempts: 0,
    });
    const unsubscribe = client.subscribe<{
      workflowUpdates: { status: string; stepId: string | null };
    }>(
      {
        query: `subscription($id: ID!) { workflowUpdates(workflowId: $id) { workflowId status stepId } }`,
        variables: { id: run.id },
      },
      {
        next: (result) => {
          if (!result.data) return updates.fail(result.errors);
          updates.push(result.data.workflowUpdates);
          if (
            result.data.workflowUpdates.status === "completed" &&
            !result.data.workflowUpdates.stepId
          )
            completed.resolve();
        },
        error: updates.fail,
        complete: () => {},
      },
    );
    // The first item is the run's state when the subscription started.
    const [snapshot] = await updates.done;
    expect(snapshot?.stepId).toBeNull();
    expect(["pending", "running"]).toContain(snapshot?.status);
    await b.workflows.start();
    await completed.promise;
    const seen = updates.items.map((update) => `${update.stepId ?? "run"}:${update.status}`);
    expect(seen).toContain("note:completed");
    expect(seen.at(-1)).toBe("run:completed");
    unsubscribe();
    await client.dispose();
  });

  it("refuses a WebSocket without a valid token", async () => {
    const closed = deferred<number>();
    const client = createWsClient({
      url: `${a.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: "Bearer wrong-token-0123456789abcdef" },
      retryAttempts: 0,
      on: { closed: (event) => closed.resolve((event as { code: number }).code) },
    });
    client.subscribe(
      { query: "subscription { eventStream { id } }" },
      { next() {}, error() {}, complete() {} },
    );
    expect(await closed.promise).toBe(4403);
    await client.dispose();
  });

  it("applies a correlation rule created on A on instance B too, and persists it", async () => {
    const created = await graphql(
      a,
      TOKENS.admin,
      `mutation($rule: JSON!) { createCorrelationRule(rule: $rule) { name stored } }`,
      {
        rule: {
          name: "shared_rule",
          source: { type: "github.*" },
          target: { type: "linear.*" },
          strength: 0.5,
        },
      },
    );
    expect(created.body.data?.createCorrelationRule).toEqual({ name: "shared_rule", stored: true });
    await vi.waitFor(
      () => expect(b.engine.rules.map((rule) => rule.name)).toContain("shared_rule"),
      { timeout: 10_000, interval: 20 },
    );
    const onB = await fetch(`${b.url}/api/v1/correlation-rules`, {
      headers: { authorization: `Bearer ${TOKENS.read}` },
    });
    const listed = (await onB.json()) as { rules: Array<{ name: string; stored: boolean }> };
    expect(listed.rules.find((rule) => rule.name === "shared_rule")?.stored).toBe(true);
    // A third instance starting now loads it from the store.
    const c = await instance();
    try {
      expect(c.engine.rules.map((rule) => rule.name)).toContain("shared_rule");
    } finally {
      await c.close();
    }
    const deleted = await fetch(`${b.url}/api/v1/correlation-rules/shared_rule`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${TOKENS.admin}` },
    });
    expect(deleted.status).toBe(204);
    await vi.waitFor(
      () => expect(a.engine.rules.map((rule) => rule.name)).not.toContain("shared_rule"),
      { timeout: 10_000, interval: 20 },
    );
  });
});
