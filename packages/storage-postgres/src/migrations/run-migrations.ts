import { ConfigurationError } from "@contexten/core";
import type { SqlClient, SqlExecutor } from "../client/sql-client";
import { quoteSchemaName } from "../store/schema-name";
import { MIGRATIONS } from "./index";
import type { Migration } from "./migration";

/** What {@link runMigrations} did. */
export interface MigrationResult {
  /** Versions this call applied (empty when another instance or an earlier run did). */
  applied: number[];
  /** Schema version after the call. */
  version: number;
}

/** Name of the table that records applied migrations, inside the store's schema. */
export const MIGRATIONS_TABLE = "contexten_migrations";

/** Versions recorded as applied in the schema (none when the table is missing). */
async function appliedVersions(executor: SqlExecutor, quotedSchema: string): Promise<Set<number>> {
  const table = `${quotedSchema}.${MIGRATIONS_TABLE}`;
  const { rows } = await executor.query<{ present: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AS present",
    [table],
  );
  if (!rows[0]?.present) return new Set();
  const result = await executor.query<{ version: number }>(`SELECT version FROM ${table}`);
  return new Set(result.rows.map((row) => Number(row.version)));
}

/**
 * Migrations not applied yet. Compared by version rather than against the highest one, so
 * a schema that skipped a version (a development build) still gets it.
 */
function missing(migrations: readonly Migration[], applied: Set<number>): Migration[] {
  return migrations.filter((migration) => !applied.has(migration.version));
}

function highest(versions: Iterable<number>): number {
  let result = 0;
  for (const version of versions) result = Math.max(result, version);
  return result;
}

/**
 * Throws a `ConfigurationError` unless `schema` is at the latest version; for stores
 * created with `migrate: false`, whose schema is migrated by a deploy step.
 */
export async function assertMigrated(
  client: SqlExecutor,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  const latest = migrations.at(-1)?.version ?? 0;
  const applied = await appliedVersions(client, quoteSchemaName(schema));
  const pending = missing(migrations, applied);
  if (pending.length > 0) {
    throw new ConfigurationError({
      message: `Schema "${schema}" lacks migration(s) ${pending.map((migration) => migration.version).join(", ")} (at version ${highest(applied)}); this @contexten/storage-postgres needs version ${latest}. Call store.migrate() (or runMigrations) once, or create the store with migrate: true.`,
    });
  }
}

/**
 * Brings `schema` up to the latest version. Pending migrations run in order inside one
 * transaction that first takes a transaction-scoped advisory lock on the schema, so when
 * several instances start together exactly one applies each migration and the others
 * wait, then find nothing to do. A failed migration rolls back completely.
 */
export async function runMigrations(
  client: SqlClient,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  const quotedSchema = quoteSchemaName(schema);
  // Fast path without a lock: an up-to-date schema needs no transaction at all.
  const before = await appliedVersions(client, quotedSchema);
  if (missing(migrations, before).length === 0) return { applied: [], version: highest(before) };

  return client.transaction(async (executor) => {
    await executor.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
      `contexten:migrate:${schema}`,
    ]);
    const { rows } = await executor.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [
      schema,
    ]);
    // Checked first so an existing schema needs no CREATE privilege on the database.
    if (rows.length === 0) await executor.query(`CREATE SCHEMA ${quotedSchema}`);
    await executor.query(
      `CREATE TABLE IF NOT EXISTS ${quotedSchema}.${MIGRATIONS_TABLE} (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const applied = await appliedVersions(executor, quotedSchema);
    const pending = missing(migrations, applied);
    await executor.query(`SET LOCAL search_path TO ${quotedSchema}`);
    for (const migration of pending) {
      for (const statement of migration.statements) await executor.query(statement);
      await executor.query(
        `INSERT INTO ${quotedSchema}.${MIGRATIONS_TABLE} (version, name) VALUES ($1, $2)`,
        [migration.version, migration.name],
      );
    }
    return {
      applied: pending.map((migration) => migration.version),
      version: highest([...applied, ...pending.map((migration) => migration.version)]),
    };
  });
}
