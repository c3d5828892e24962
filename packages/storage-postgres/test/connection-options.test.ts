import { ConfigurationError, ValidationError } from "@contexten/core";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createOwnedPool } from "../src/client/owned-pool";
import { createPostgresStore, DATABASE_URL_VARIABLE, POOL_DEFAULTS } from "../src/index";
import { resolveStoreOptions } from "../src/store/store-options";
import { DATABASE_URL, dropSchema, uniqueSchemaName } from "./support/database";
import { makeEvent } from "./support/events";

const schemas: string[] = [];

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

describe("createPostgresStore without a client", () => {
  it("reads DATABASE_URL when given no connection string", async () => {
    vi.stubEnv(DATABASE_URL_VARIABLE, DATABASE_URL);
    const schema = uniqueSchemaName("env");
    schemas.push(schema);
    const store = createPostgresStore({ schema });
    try {
      await store.append(makeEvent(1));
      expect((await store.get("evt-000001"))?.id).toBe("evt-000001");
    } finally {
      await store.close();
    }
  });

  it("names the variable and the options when there is nothing to connect to", () => {
    vi.stubEnv(DATABASE_URL_VARIABLE, "");
    for (const create of [() => createPostgresStore(), () => createPostgresStore({})]) {
      const error = (() => {
        try {
          create();
        } catch (caught) {
          return caught;
        }
      })();
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/set DATABASE_URL or pass `connectionString`/);
      expect((error as Error).message).toContain("`client`");
    }
  });

  it("prefers connectionString to DATABASE_URL and never reads it beside a client", () => {
    vi.stubEnv(DATABASE_URL_VARIABLE, "postgres://from-env/db");
    expect(resolveStoreOptions({ connectionString: "postgres://given/db" }).pool).toMatchObject({
      connectionString: "postgres://given/db",
    });
    expect(resolveStoreOptions({}).pool).toMatchObject({
      connectionString: "postgres://from-env/db",
    });
    expect(resolveStoreOptions({ client: { query() {}, transaction() {} } as never }).pool).toBe(
      undefined,
    );
  });
});

describe("the pool the store owns", () => {
  it("uses the documented defaults, the query timeout following the statement timeout", () => {
    const { pool } = resolveStoreOptions({ connectionString: DATABASE_URL });
    expect(pool).toEqual({
      connectionString: DATABASE_URL,
      maxConnections: POOL_DEFAULTS.maxConnections,
      connectionTimeoutMillis: 5_000,
      statementTimeoutMillis: 10_000,
      queryTimeoutMillis: 12_000,
      idleInTransactionTimeoutMillis: 30_000,
      idleTimeoutMillis: 10_000,
      keepAliveInitialDelayMillis: 10_000,
      applicationName: "contexten",
    });
    const unlimited = resolveStoreOptions({
      connectionString: DATABASE_URL,
      statementTimeoutMillis: 0,
    });
    expect(unlimited.pool?.queryTimeoutMillis).toBe(0);
    const explicit = resolveStoreOptions({
      connectionString: DATABASE_URL,
      statementTimeoutMillis: 100,
      queryTimeoutMillis: 50,
    });
    expect(explicit.pool?.queryTimeoutMillis).toBe(50);
  });

  it("rejects timeouts that are not whole milliseconds", () => {
    for (const options of [
      { connectionTimeoutMillis: -1 },
      { statementTimeoutMillis: 1.5 },
      { queryTimeoutMillis: Number.NaN },
      { idleInTransactionTimeoutMillis: 2 ** 31 },
      { maxConnections: 0 },
    ]) {
      expect(() => createPostgresStore({ connectionString: DATABASE_URL, ...options })).toThrow(
        ValidationError,
      );
    }
  });

  it("sets the session timeouts and application name, and listens for errors", async () => {
    const { pool: settings } = resolveStoreOptions({
      connectionString: DATABASE_URL,
      statementTimeoutMillis: 1234,
      idleInTransactionTimeoutMillis: 5678,
      applicationName: "contexten_settings_test",
    });
    const pool = await createOwnedPool(settings!, console);
    try {
      expect(pool.listenerCount?.("error")).toBe(1);
      const { rows } = await pool.query(
        `SELECT current_setting('statement_timeout') AS statement,
          current_setting('idle_in_transaction_session_timeout') AS idle,
          current_setting('application_name') AS name`,
      );
      expect(rows).toEqual([
        { statement: "1234ms", idle: "5678ms", name: "contexten_settings_test" },
      ]);
    } finally {
      await pool.end();
    }
  });
});
