import { mkdir } from "node:fs/promises";
import type { WorkflowRuntime } from "@contexten/core";
import { createPostgresStore, type PostgresStore } from "@contexten/storage-postgres";
import { createPgBossRuntime } from "@contexten/workflows";
import { PGlite } from "@electric-sql/pglite";

/** Where the service keeps its events, links and workflow runs. */
export interface ServiceStorage {
  /** The store (an `EventStore` and a `WorkflowStore`). */
  store: PostgresStore;
  /**
   * The durable workflow runtime: pg-boss jobs in the same database (schema
   * `<schema>_jobs` on PostgreSQL, `contexten_jobs` in PGlite).
   */
  runtime: WorkflowRuntime;
  /** Human-readable description for logs: `PGlite at .data/contexten` or `PostgreSQL (schema x)`. */
  description: string;
  /** Closes the store and the database it opened. */
  close(): Promise<void>;
}

/** Options of {@link createServiceStorage}. */
export interface ServiceStorageOptions {
  /**
   * PostgreSQL connection string. When set, the service uses that server; otherwise it
   * embeds PGlite in `dataDirectory`. Read from `DATABASE_URL` by the entry points.
   */
  databaseUrl?: string;
  /** PGlite's data folder (default `.data/contexten`); `memory://` keeps it in memory. */
  dataDirectory?: string;
  /** Schema holding the tables (default `contexten`). */
  schema?: string;
}

/**
 * Opens the service's storage: PostgreSQL when a connection string is given, else an
 * embedded PGlite database in a local folder, so the service needs no database server.
 * Migrations run before the first use in both cases. Workflow runs are pg-boss jobs in the
 * same database.
 */
export async function createServiceStorage(
  options: ServiceStorageOptions = {},
): Promise<ServiceStorage> {
  const schema = options.schema ?? "contexten";
  if (options.databaseUrl) {
    const store = createPostgresStore({ connectionString: options.databaseUrl, schema });
    await store.migrate();
    const runtime = createPgBossRuntime({
      connectionString: options.databaseUrl,
      schema: `${schema}_jobs`,
      maxConnections: 4,
    });
    return {
      store,
      runtime,
      description: `PostgreSQL at ${redactPassword(options.databaseUrl)} (schema ${schema}, workflow jobs in ${schema}_jobs)`,
      async close() {
        await runtime.stop();
        await store.close();
      },
    };
  }
  const dataDirectory = options.dataDirectory ?? ".data/contexten";
  if (!dataDirectory.startsWith("memory://")) await mkdir(dataDirectory, { recursive: true });
  const database = new PGlite(dataDirectory);
  const store = createPostgresStore({ client: database, schema });
  await store.migrate();
  const runtime = createPgBossRuntime({ pglite: database });
  return {
    store,
    runtime,
    description: `embedded PGlite at ${dataDirectory} (workflow jobs in pg-boss, same database)`,
    close: async () => {
      await runtime.stop();
      await store.close();
      await database.close();
    },
  };
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}
