import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** The machine's PostgreSQL: `DATABASE_URL`, or the local test database. */
export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh schema name for one test run; dropped by {@link dropSchema}. */
export function uniqueSchemaName(label = "t"): string {
  return `contexten_test_${label}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** A small pool on the test database. */
export function openPool(max = 4): pg.Pool {
  return new pg.Pool({ connectionString: DATABASE_URL, max });
}

/** Drops a test schema with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** An in-memory PGlite database. */
export async function openPGlite(): Promise<PGlite> {
  const database = new PGlite();
  await database.waitReady;
  return database;
}

/** Runs `text` through an independent read path (a fresh `pg` connection), not the store. */
export async function rawQuery<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Row[];
  } finally {
    await client.end();
  }
}
