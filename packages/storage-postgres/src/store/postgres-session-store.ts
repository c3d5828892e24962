import {
  ConfigurationError,
  type SessionStore,
  type StoredSession,
  ValidationError,
} from "@contexten/core";
import { fromTaggedJson, toTaggedJson } from "@contexten/core/adapter";
import type { SqlClient } from "../client/sql-client";
import { type PostgresClientInput, toSqlClient } from "../client/to-sql-client";
import { assertMigrated, runMigrations } from "../migrations/run-migrations";
import { DEFAULT_SCHEMA, quoteSchemaName } from "./schema-name";

/** Options of {@link createPostgresSessionStore}. Pass exactly one of `client` and `connectionString`. */
export interface PostgresSessionStoreOptions {
  /** A `pg.Pool`, a connected `pg.Client` or a PGlite instance; never ended by the store. */
  client?: PostgresClientInput | undefined;
  /** A connection string; the store then opens its own small pool, ended by `close()`. */
  connectionString?: string | undefined;
  /** Schema of the tables (default `contexten`), the same as the event store's. */
  schema?: string | undefined;
  /** Apply pending migrations before the first use (default `true`). */
  migrate?: boolean | undefined;
}

/** A {@link SessionStore} on PostgreSQL or PGlite, with `close()` for a pool it opened. */
export interface PostgresSessionStore<Session extends StoredSession = StoredSession>
  extends SessionStore<Session> {
  /** Get, save and delete, as every `SessionStore`. */
  get(id: string): Promise<Session | undefined>;
  /** Inserts or replaces a session. */
  save(session: Session): Promise<void>;
  /** Removes a session. */
  delete(id: string): Promise<void>;
  /** Sessions expiring at or before `now`, soonest first. */
  listExpiring(now: Date): Promise<Session[]>;
  /** Ends the pool opened from `connectionString`; a no-op for an injected client. */
  close(): Promise<void>;
}

function checkSession(session: StoredSession): void {
  if (
    typeof session?.id !== "string" ||
    session.id.length === 0 ||
    !(session.expiresAt instanceof Date) ||
    Number.isNaN(session.expiresAt.getTime())
  ) {
    throw new ValidationError({
      message: "A session needs a non-empty string id and a valid expiresAt Date.",
      issues: [{ path: "expiresAt", message: "expected a Date" }],
    });
  }
}

/**
 * Sessions in PostgreSQL (table `workflow_sessions`, created by migration 5), shared by
 * every instance on the same database: a Slack modal opened through one replica can be
 * submitted through another, and sessions survive restarts. Sessions are stored as tagged
 * JSON in a `jsonb` column, so their dates come back as `Date`s and keys that could
 * poison prototypes are dropped on read.
 *
 * @example
 * const sessions = createPostgresSessionStore<WorkflowSession>({ client: pool });
 * const workflows = new InteractiveWorkflowManager({ client: slack, store: sessions });
 */
export function createPostgresSessionStore<Session extends StoredSession = StoredSession>(
  options: PostgresSessionStoreOptions,
): PostgresSessionStore<Session> {
  if ((options.client === undefined) === (options.connectionString === undefined)) {
    throw new ConfigurationError({
      message:
        "createPostgresSessionStore: pass exactly one of `client` (a pg.Pool, pg.Client or PGlite instance) and `connectionString`.",
    });
  }
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const table = `${quoteSchemaName(schema)}.workflow_sessions`;
  let client: Promise<SqlClient> | undefined =
    options.client === undefined ? undefined : Promise.resolve(toSqlClient(options.client));
  let ready: Promise<SqlClient> | undefined;
  const connect = (): Promise<SqlClient> => {
    client ??= import("pg").then(({ Pool }) =>
      toSqlClient(new Pool({ connectionString: options.connectionString, max: 4 })),
    );
    ready ??= client
      .then(async (sql) => {
        if (options.migrate === false) await assertMigrated(sql, schema);
        else await runMigrations(sql, schema);
        return sql;
      })
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready;
  };
  const read = (data: unknown): Session => fromTaggedJson<Session>(data);

  return {
    async get(id) {
      const sql = await connect();
      const { rows } = await sql.query<{ data: unknown }>(
        `SELECT data FROM ${table} WHERE id = $1`,
        [id],
      );
      return rows[0] ? read(rows[0].data) : undefined;
    },
    async save(session) {
      checkSession(session);
      const sql = await connect();
      await sql.query(
        `INSERT INTO ${table} (id, data, expires_at, updated_at)
          VALUES ($1, $2::jsonb, $3::timestamptz, now())
          ON CONFLICT (id) DO UPDATE
            SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at, updated_at = now()`,
        [session.id, JSON.stringify(toTaggedJson(session)), session.expiresAt.toISOString()],
      );
    },
    async delete(id) {
      const sql = await connect();
      await sql.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
    },
    async listExpiring(now) {
      const sql = await connect();
      const { rows } = await sql.query<{ data: unknown }>(
        `SELECT data FROM ${table} WHERE expires_at <= $1::timestamptz ORDER BY expires_at, id`,
        [now.toISOString()],
      );
      return rows.map((row) => read(row.data));
    },
    async close() {
      const owned = options.connectionString === undefined ? undefined : client;
      client = undefined;
      ready = undefined;
      if (owned) await (await owned).end?.();
    },
  };
}
