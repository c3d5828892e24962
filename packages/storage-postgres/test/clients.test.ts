import { randomBytes } from "node:crypto";
import { ConfigurationError } from "@contexten/core";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import {
  createPostgresStore,
  fromPgClient,
  type PostgresClientInput,
  toSqlClient,
} from "../src/index";
import { DATABASE_URL, dropSchema, openPool, rawQuery, uniqueSchemaName } from "./support/database";
import { makeEvent } from "./support/events";

const schemas: string[] = [];
function schemaForTest(label: string): string {
  const schema = uniqueSchemaName(label);
  schemas.push(schema);
  return schema;
}

afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("client adapters", () => {
  it("reject anything that is not a pg.Pool, pg.Client, PGlite or SqlClient", () => {
    for (const client of [{}, null, { query: () => {} }, "postgres://x"]) {
      expect(() => toSqlClient(client as unknown as PostgresClientInput)).toThrow(
        expect.objectContaining({ code: "configuration_invalid" }),
      );
    }
  });

  it("createPostgresStore needs exactly one of client and connectionString, and a plain schema", () => {
    // Without DATABASE_URL, `{}` names no database at all.
    vi.stubEnv("DATABASE_URL", "");
    const pool = new pg.Pool({ connectionString: DATABASE_URL });
    for (const options of [
      {},
      { client: pool, connectionString: DATABASE_URL },
      { client: pool, schema: "bad-name" },
      { client: pool, schema: "" },
      { client: pool, eventRetentionDays: 0 },
    ]) {
      expect(() => createPostgresStore(options)).toThrow(
        expect.objectContaining({
          code: expect.stringMatching(/configuration_invalid|validation_failed/),
        }),
      );
    }
    void pool.end();
  });

  it("serializes a single pg.Client so a plain query never runs inside another caller's transaction", async () => {
    const schema = schemaForTest("client");
    const connection = new pg.Client({ connectionString: DATABASE_URL });
    await connection.connect();
    try {
      await connection.query(`CREATE SCHEMA "${schema}"`);
      await connection.query(`CREATE TABLE "${schema}".marks (label text)`);
      const sql = fromPgClient(connection);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started!: () => void;
      const open = new Promise<void>((resolve) => {
        started = resolve;
      });
      const rolledBack = sql.transaction(async (executor) => {
        await executor.query(`INSERT INTO "${schema}".marks VALUES ('inside')`);
        started();
        await gate;
        throw new Error("roll back");
      });
      await open;
      // Issued while the transaction is open: without serialization it would run inside it
      // and vanish with the rollback.
      const plain = sql.query(`INSERT INTO "${schema}".marks VALUES ('outside')`);
      release();
      await expect(rolledBack).rejects.toThrow("roll back");
      await plain;
      expect(await rawQuery(`SELECT label FROM "${schema}".marks`)).toEqual([{ label: "outside" }]);
    } finally {
      await connection.end();
    }
  });

  it("runs a whole store on one pg.Client under concurrent use", async () => {
    const schema = schemaForTest("single");
    const connection = new pg.Client({ connectionString: DATABASE_URL });
    await connection.connect();
    try {
      const store = createPostgresStore({ client: connection, schema });
      const events = Array.from({ length: 2200 }, (_, index) => makeEvent(index));
      const [big, ...small] = await Promise.all([
        store.append(events),
        ...events.slice(0, 50).map((event) => store.append(event)),
      ]);
      const inserted = [big!, ...small].flatMap((result) => result.inserted);
      expect(new Set(inserted).size).toBe(2200);
      expect(inserted).toHaveLength(2200);
      // The caller still owns the client: close() leaves it open.
      await store.close();
      expect((await connection.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await connection.end();
    }
  });

  it("never ends an injected pool", async () => {
    const pool = openPool(2);
    try {
      const store = createPostgresStore({ client: pool, schema: schemaForTest("owned") });
      await store.get("x");
      await store.close();
      expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      await expect(store.get("x")).rejects.toSatisfy(ConfigurationError.isInstance);
    } finally {
      await pool.end();
    }
  });

  it("creates its own pool from a connection string and ends it on close()", async () => {
    const application = `contexten_test_${randomBytes(4).toString("hex")}`;
    const url = new URL(DATABASE_URL);
    url.searchParams.set("application_name", application);
    const store = createPostgresStore({
      connectionString: url.toString(),
      schema: schemaForTest("url"),
    });
    const connections = async () =>
      (
        await rawQuery<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1",
          [application],
        )
      )[0]!.n;
    expect(await store.append(makeEvent(1))).toEqual({ inserted: ["evt-000001"], existing: [] });
    expect(await connections()).toBeGreaterThan(0);
    await store.close();
    expect(await connections()).toBe(0);
  });
});
