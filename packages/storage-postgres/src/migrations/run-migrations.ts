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

async function currentVersion(executor: SqlExecutor, quotedSchema: string): Promise<number> {
  const table = `${quotedSchema}.${MIGRATIONS_TABLE}`;
  const { rows } = await executor.query<{ present: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AS present",
    [table],
  );
  if (!rows[0]?.present) return 0;
  const result = await executor.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${table}`,
  );
  return result.rows[0]?.version ?? 0;
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
  const version = await currentVersion(client, quoteSchemaName(schema));
  if (version < latest) {
    throw new ConfigurationError({
      message: `Schema "${schema}" is at version ${version} but this @contexten/storage-postgres needs version ${latest}; call store.migrate() (or runMigrations) once, or create the store with migrate: true.`,
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
  const latest = migrations.at(-1)?.version ?? 0;
  // Fast path without a lock: an up-to-date schema needs no transaction at all.
  const before = await currentVersion(client, quotedSchema);
  if (before >= latest) return { applied: [], version: before };

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
    const version = await currentVersion(executor, quotedSchema);
    const pending = migrations.filter((migration) => migration.version > version);
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
      version: Math.max(version, latest),
    };
  });
}
