import { randomBytes } from "node:crypto";
import { ContextenError, type CorrelatedEvent } from "@contexten/core";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createPostgresStore,
  fromPgPool,
  type PostgresStore,
  type PostgresStoreOptions,
  STORE_UNAVAILABLE,
} from "../src/index";
import { DATABASE_URL, dropSchema, openPool, rawQuery, uniqueSchemaName } from "./support/database";
import { makeEvent } from "./support/events";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy";

// Faults on the machine's real PostgreSQL: sessions killed with pg_terminate_backend, and
// a network that hangs (a TCP proxy of the test's own that stops forwarding). Every test
// has its own schema and its own application_name, so it only ever kills its own sessions.
// Waits are for conditions the database reports (a session waiting on a lock, the pool's
// error event), never for a span of time; timeouts are asserted by outcome, not duration.

let admin: pg.Pool;
const schemas: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(() => {
  admin = openPool(2);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

afterAll(async () => {
  await admin?.end();
  for (const schema of schemas) await dropSchema(schema);
});

/** A migrated schema of the test's own and a unique application name. */
async function prepare(label: string): Promise<{ schema: string; app: string }> {
  const schema = uniqueSchemaName(label);
  schemas.push(schema);
  await createPostgresStore({ client: admin, schema }).migrate();
  return { schema, app: `contexten_fault_${label}_${randomBytes(4).toString("hex")}` };
}

/** A logger that records what it is given. */
function recordingLogger() {
  const logged: unknown[][] = [];
  return { logged, logger: { error: (...args: unknown[]) => logged.push(args) } };
}

/** A store that owns its pool; closed after the test. */
function ownedStore(options: PostgresStoreOptions): PostgresStore {
  const store = createPostgresStore({ connectionString: DATABASE_URL, ...options });
  cleanups.push(() => store.close());
  return store;
}

/** Ends every session of `app` (or those matching `where`); resolves how many it ended. */
async function terminate(app: string, where = "true"): Promise<number> {
  const rows = await rawQuery<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
      WHERE application_name = $1 AND ${where}`,
    [app],
  );
  return rows.filter((row) => row.ended).length;
}

/** Resolves once a session of `app` waits on a lock (the statement is in flight). */
async function waitForLockWait(app: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const rows = await rawQuery(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
        [app],
      );
      expect(rows).toHaveLength(1);
    },
    { timeout: 15_000, interval: 20 },
  );
}

/**
 * Holds an uncommitted row with event id `id` on an independent connection: a store
 * appending that id waits for this transaction (ON CONFLICT must know whether it
 * commits), which keeps the store's statement in flight as long as the test needs.
 */
async function holdEventId(schema: string, id: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query("BEGIN");
  await client.query(
    `INSERT INTO "${schema}".events (id, type, platform, occurred_at, received_at, subject)
      VALUES ($1, 'test.blocker.held', 'github', now(), now(), '{}'::jsonb)`,
    [id],
  );
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await client.query("ROLLBACK");
    await client.end();
  };
  cleanups.push(release);
  return release;
}

/** Rows of the schema's events and key index, read on an independent connection. */
async function stored(schema: string): Promise<{ events: number; keys: number }> {
  const [row] = await rawQuery<{ events: number; keys: number }>(
    `SELECT (SELECT count(*)::int FROM "${schema}".events) AS events,
            (SELECT count(*)::int FROM "${schema}".event_keys) AS keys`,
  );
  return row!;
}

function expectUnavailable(error: unknown): void {
  expect(ContextenError.isInstance(error), String(error)).toBe(true);
  expect((error as ContextenError).code).toBe(STORE_UNAVAILABLE);
  expect((error as ContextenError).cause).toBeDefined();
}

/** 1,001 events: two append statements in one transaction (chunks of 1,000). */
function twoChunks(first: number): CorrelatedEvent[] {
  return Array.from({ length: 1001 }, (_, index) => makeEvent(first + index));
}

describe("sessions killed with pg_terminate_backend", () => {
  it("survives idle connections of its own pool being killed, logs it, and reconnects", async () => {
    const { schema, app } = await prepare("idle");
    const { logged, logger } = recordingLogger();
    const store = ownedStore({ schema, applicationName: app, logger });
    await store.append(makeEvent(1));
    const killed = await terminate(app);
    expect(killed).toBeGreaterThan(0);
    // The pool reports each lost connection through 'error'; unhandled, it would crash.
    await vi.waitFor(() => expect(logged.length).toBe(killed), { timeout: 15_000 });
    expect(String(logged[0]![0])).toMatch(/PostgreSQL connection error on the store's pool/);
    expect((await store.append(makeEvent(2))).inserted).toEqual(["evt-000002"]);
    expect(await stored(schema)).toEqual({ events: 2, keys: 4 });
  });

  it("fails a statement in flight with store_unavailable, writes nothing, then recovers", async () => {
    const { schema, app } = await prepare("statement");
    const store = ownedStore({ schema, applicationName: app, logger: recordingLogger().logger });
    const release = await holdEventId(schema, "evt-000001");
    const attempt = store.append(makeEvent(1)).catch((error: unknown) => error);
    await waitForLockWait(app);
    expect(await terminate(app, "wait_event_type = 'Lock'")).toBe(1);
    expectUnavailable(await attempt);
    await release();
    expect(await stored(schema)).toEqual({ events: 0, keys: 0 });
    expect((await store.append(makeEvent(1))).inserted).toEqual(["evt-000001"]);
    expect(await stored(schema)).toEqual({ events: 1, keys: 2 });
  });

  it("fails an open transaction with store_unavailable and leaves nothing half-written", async () => {
    const { schema, app } = await prepare("transaction");
    const store = ownedStore({ schema, applicationName: app, logger: recordingLogger().logger });
    const events = twoChunks(0);
    // The second statement (the last event) waits; the first chunk is written, uncommitted.
    const release = await holdEventId(schema, "evt-001000");
    const attempt = store.append(events).catch((error: unknown) => error);
    await waitForLockWait(app);
    expect(await terminate(app, "wait_event_type = 'Lock'")).toBe(1);
    expectUnavailable(await attempt);
    await release();
    expect(await stored(schema)).toEqual({ events: 0, keys: 0 });
    expect((await store.append(events)).inserted).toHaveLength(1001);
    expect(await stored(schema)).toEqual({ events: 1001, keys: 2002 });
  });

  it("answers store_unavailable when the server's statement_timeout cancels a statement", async () => {
    const { schema, app } = await prepare("timeout");
    const store = ownedStore({ schema, applicationName: app, statementTimeoutMillis: 300 });
    const release = await holdEventId(schema, "evt-000001");
    const error = await store.append(makeEvent(1)).catch((caught: unknown) => caught);
    expectUnavailable(error);
    expect((error as ContextenError).message).toContain("57014");
    await release();
    expect(await stored(schema)).toEqual({ events: 0, keys: 0 });
    expect((await store.append(makeEvent(1))).inserted).toEqual(["evt-000001"]);
  });

  it("keeps a pool it was given alive when the pool has no 'error' listener of its own", async () => {
    const { schema, app } = await prepare("injected");
    const pool = new pg.Pool({ connectionString: DATABASE_URL, application_name: app, max: 2 });
    cleanups.push(() => pool.end());
    const { logged, logger } = recordingLogger();
    const store = createPostgresStore({ client: pool, schema, logger });
    expect(pool.listenerCount("error")).toBe(1);
    await store.append(makeEvent(1));
    const killed = await terminate(app);
    await vi.waitFor(() => expect(logged.length).toBe(killed), { timeout: 15_000 });
    expect((await store.append(makeEvent(2))).inserted).toEqual(["evt-000002"]);

    const owned = new pg.Pool({ connectionString: DATABASE_URL });
    cleanups.push(() => owned.end());
    const ownListener = () => {};
    owned.on("error", ownListener);
    createPostgresStore({ client: owned, schema });
    expect(owned.listeners("error")).toEqual([ownListener]);
  });
});

describe("fromPgPool transactions", () => {
  it("survive their connection dying between two statements, and discard it", async () => {
    const { app } = await prepare("between");
    const pool = new pg.Pool({ connectionString: DATABASE_URL, application_name: app, max: 1 });
    cleanups.push(() => pool.end());
    pool.on("error", () => {});
    const sql = fromPgPool(pool);
    let connection: pg.PoolClient | undefined;
    pool.once("acquire", (client) => {
      connection = client;
    });
    const attempt = sql.transaction(async (executor) => {
      await executor.query("SELECT 1");
      const ended = new Promise((resolve) => connection!.once("end", resolve));
      expect(await terminate(app)).toBe(1);
      // The connection dies while checked out with no statement running: pg emits
      // 'error' on it, which would crash the process without the store's listener.
      await ended;
      await executor.query("SELECT 2");
    });
    await expect(attempt).rejects.toThrow(/not queryable|terminat/i);
    expect((await sql.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});

describe("a network that hangs without closing", () => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await startTcpProxy({ host: new URL(DATABASE_URL).hostname, port: 5432 });
  });
  afterAll(async () => {
    await proxy?.close();
  });
  afterEach(() => {
    proxy.resume();
  });

  /** A store whose pool connects through the proxy, with small timeouts. */
  function proxiedStore(schema: string, app: string): PostgresStore {
    return ownedStore({
      connectionString: proxy.url(DATABASE_URL),
      schema,
      migrate: false,
      applicationName: app,
      connectionTimeoutMillis: 1_000,
      statementTimeoutMillis: 1_000,
      queryTimeoutMillis: 1_500,
      logger: recordingLogger().logger,
    });
  }

  it("fails calls with store_unavailable while hung and succeeds once it resumes", async () => {
    const { schema, app } = await prepare("hang");
    const store = proxiedStore(schema, app);
    await store.append(makeEvent(1));
    proxy.hang();
    // A pooled connection: the statement gets no answer within queryTimeoutMillis.
    const read = await store.get("evt-000001").catch((error: unknown) => error);
    expectUnavailable(read);
    expect(String((read as ContextenError).cause)).toMatch(/Query read timeout/);
    // That connection was discarded, not reused: the next call opens a new one, whose
    // startup message gets no answer within connectionTimeoutMillis.
    const write = await store.append(makeEvent(2)).catch((error: unknown) => error);
    expectUnavailable(write);
    expect(String((write as ContextenError).cause)).toMatch(/timeout/i);
    expect(String((write as ContextenError).cause)).not.toMatch(/Query read timeout/);
    proxy.resume();
    expect((await store.append(makeEvent(2))).inserted).toEqual(["evt-000002"]);
    expect((await store.get("evt-000001"))?.id).toBe("evt-000001");
    expect(await stored(schema)).toEqual({ events: 2, keys: 4 });
  });

  it("leaves nothing half-written when it hangs inside a transaction", async () => {
    const { schema, app } = await prepare("hangtx");
    const store = proxiedStore(schema, app);
    await store.get("warm-up");
    const events = twoChunks(100_000);
    // Forwards the first statement (1,000 events, executed, uncommitted), then hangs
    // before the second one reaches the server.
    proxy.hangOn("evt-101000");
    expectUnavailable(await store.append(events).catch((error: unknown) => error));
    expect(proxy.hanging).toBe(true);
    expect(await stored(schema)).toEqual({ events: 0, keys: 0 });
    proxy.resume();
    expect((await store.append(events)).inserted).toHaveLength(1001);
    expect(await stored(schema)).toEqual({ events: 1001, keys: 2002 });
  });
});
