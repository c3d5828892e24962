import { runEventStoreConformance } from "@contexten/core/testing/conformance";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createPostgresStore, type PostgresStore } from "../src/index";
import { dropSchema, openPGlite, openPool, uniqueSchemaName } from "./support/database";

// Core's EventStore conformance suite, on the machine's PostgreSQL and on PGlite. Every
// test gets a fresh store in a fresh schema, dropped after the test.
let pool: pg.Pool;
let pglite: PGlite;

beforeAll(async () => {
  pool = openPool(4);
  pglite = await openPGlite();
});

afterAll(async () => {
  await pool?.end();
  await pglite?.close();
});

runEventStoreConformance({
  name: "PostgresStore (PostgreSQL)",
  async createStore() {
    const store = createPostgresStore({ client: pool, schema: uniqueSchemaName("conf") });
    await store.migrate();
    return store;
  },
  async cleanup(store) {
    await dropSchema((store as PostgresStore).schema);
  },
});

runEventStoreConformance({
  name: "PostgresStore (PGlite)",
  async createStore() {
    const store = createPostgresStore({ client: pglite, schema: uniqueSchemaName("conf") });
    await store.migrate();
    return store;
  },
  async cleanup(store) {
    await pglite.query(`DROP SCHEMA "${(store as PostgresStore).schema}" CASCADE`);
  },
});
