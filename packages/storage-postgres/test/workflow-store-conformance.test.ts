import { runWorkflowStoreConformance } from "@contexten/core/testing/conformance";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createPostgresStore, type PostgresStore } from "../src/index";
import { dropSchema, openPGlite, openPool, uniqueSchemaName } from "./support/database";

// Core's WorkflowStore conformance suite, on the machine's PostgreSQL and on PGlite; every
// test gets a fresh schema.
let pool: pg.Pool;
let pglite: PGlite;

beforeAll(async () => {
  pool = openPool(8);
  pglite = await openPGlite();
});

afterAll(async () => {
  await pool?.end();
  await pglite?.close();
});

runWorkflowStoreConformance({
  name: "PostgresStore (PostgreSQL)",
  async createStore() {
    const store = createPostgresStore({ client: pool, schema: uniqueSchemaName("wf") });
    await store.migrate();
    return store;
  },
  async cleanup(store) {
    await dropSchema((store as PostgresStore).schema);
  },
});

runWorkflowStoreConformance({
  name: "PostgresStore (PGlite)",
  async createStore() {
    const store = createPostgresStore({ client: pglite, schema: uniqueSchemaName("wf") });
    await store.migrate();
    return store;
  },
  async cleanup(store) {
    await pglite.query(`DROP SCHEMA "${(store as PostgresStore).schema}" CASCADE`);
  },
});
