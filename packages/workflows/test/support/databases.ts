import { randomBytes } from "node:crypto";
import pg from "pg";

/** The machine's PostgreSQL: `DATABASE_URL`, or the local test database. */
export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A schema name no other test uses. */
export function uniqueSchema(label: string): string {
  return `contexten_wf_${label}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** Drops schemas with everything in them. */
export async function dropSchemas(...schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
