import { ConfigurationError } from "@contexten/core";
import { guardUnhandledErrors, type StoreLogger } from "./error-logger";
import { fromPgClient, fromPgPool, type PgClientLike, type PgPoolLike } from "./pg-clients";
import { fromPGlite, type PGliteLike } from "./pglite-client";
import type { SqlClient } from "./sql-client";

/** Anything `createPostgresStore` accepts as `client`. */
export type PostgresClientInput = PgPoolLike | PgClientLike | PGliteLike | SqlClient;

function hasFunction(value: object, name: string): boolean {
  return typeof (value as Record<string, unknown>)[name] === "function";
}

/** Options of {@link toSqlClient}. */
export interface ToSqlClientOptions {
  /**
   * Logs errors of a `pg.Pool` or `pg.Client` that has no `'error'` listener yet (default
   * `console`); see {@link toSqlClient}.
   */
  logger?: StoreLogger | undefined;
}

/**
 * Puts a `pg.Pool`, a connected `pg.Client`, a PGlite instance or a ready-made
 * {@link SqlClient} behind the store's query interface. Throws `ConfigurationError` for
 * anything else.
 *
 * A `pg.Pool` or `pg.Client` without an `'error'` listener gets one that logs through
 * `logger`: `pg` emits `'error'` when the database drops a connection the pool holds
 * idle, and Node ends the process on an `'error'` event nobody listens to. Add your own
 * listener before handing the pool over to handle these errors yourself.
 */
export function toSqlClient(
  client: PostgresClientInput,
  options: ToSqlClientOptions = {},
): SqlClient {
  if (typeof client === "object" && client !== null && hasFunction(client, "query")) {
    const logger = options.logger ?? console;
    if (hasFunction(client, "connect") && "totalCount" in client) {
      guardUnhandledErrors(client as PgPoolLike, logger, "a pg.Pool (it opens a new connection)");
      return fromPgPool(client as PgPoolLike);
    }
    if (hasFunction(client, "connect")) {
      guardUnhandledErrors(
        client as PgClientLike,
        logger,
        "a pg.Client (it cannot be used again: connect a new one)",
      );
      return fromPgClient(client as PgClientLike);
    }
    if (hasFunction(client, "transaction") && "waitReady" in client) {
      return fromPGlite(client as PGliteLike);
    }
    if (hasFunction(client, "transaction")) return client as SqlClient;
  }
  throw new ConfigurationError({
    message:
      "createPostgresStore: `client` must be a pg.Pool, a connected pg.Client, a PGlite instance " +
      "or an object with query(text, params) and transaction(work); or pass `connectionString` instead.",
  });
}
