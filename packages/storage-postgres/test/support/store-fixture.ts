import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import {
  createPostgresStore,
  type PostgresClientInput,
  type PostgresStore,
  type PostgresStoreOptions,
} from "../../src/index";
import { dropSchema, openPGlite, openPool, rawQuery, uniqueSchemaName } from "./database";

/** A store under test plus an independent way to read its tables. */
export interface StoreFixture {
  /** The store, migrated, in a schema of its own. */
  store: PostgresStore;
  /** Its schema (quote it in raw SQL). */
  schema: string;
  /** The backend's shared client (a `pg.Pool` or the PGlite instance). */
  client: PostgresClientInput;
  /** Runs SQL without going through the store. */
  raw<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
}

/** Creates fresh stores, each in its own schema, on one backend. */
export type FixtureFactory = (options?: Partial<PostgresStoreOptions>) => Promise<StoreFixture>;

/** A backend the tests run against. */
export interface Backend {
  /** `postgres` or `pglite`. */
  name: string;
  /** Creates a fresh store; its schema is dropped when the file's tests end. */
  create: FixtureFactory;
}

/**
 * Registers `beforeAll`/`afterAll` hooks for both backends and returns them: the machine's
 * PostgreSQL (one pool, one schema per store, every schema dropped after) and an
 * in-memory PGlite (one database, one schema per store).
 */
export function useBackends(): Backend[] {
  let pool: pg.Pool;
  let pglite: PGlite;
  const schemas: string[] = [];
  beforeAll(async () => {
    pool = openPool(6);
    pglite = await openPGlite();
  });
  afterAll(async () => {
    await pool?.end();
    await pglite?.close();
    for (const schema of schemas) await dropSchema(schema);
  });
  return [
    {
      name: "postgres",
      async create(options) {
        const schema = uniqueSchemaName("pg");
        schemas.push(schema);
        const store = createPostgresStore({ client: pool, schema, ...options });
        await store.migrate();
        return { store, schema, client: pool, raw: (text, params) => rawQuery(text, params) };
      },
    },
    {
      name: "pglite",
      async create(options) {
        const schema = uniqueSchemaName("lite");
        const store = createPostgresStore({ client: pglite, schema, ...options });
        await store.migrate();
        return {
          store,
          schema,
          client: pglite,
          raw: async <Row>(text: string, params: unknown[] = []) =>
            (await pglite.query<Row>(text, params)).rows,
        };
      },
    },
  ];
}
