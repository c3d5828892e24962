import { ConfigurationError } from "@contexten/core";
import { fromPgClient, fromPgPool, type PgClientLike, type PgPoolLike } from "./pg-clients";
import { fromPGlite, type PGliteLike } from "./pglite-client";
import type { SqlClient } from "./sql-client";

/** Anything `createPostgresStore` accepts as `client`. */
export type PostgresClientInput = PgPoolLike | PgClientLike | PGliteLike | SqlClient;

function hasFunction(value: object, name: string): boolean {
  return typeof (value as Record<string, unknown>)[name] === "function";
}

/**
 * Puts a `pg.Pool`, a connected `pg.Client`, a PGlite instance or a ready-made
 * {@link SqlClient} behind the store's query interface. Throws `ConfigurationError` for
 * anything else.
 */
export function toSqlClient(client: PostgresClientInput): SqlClient {
  if (typeof client === "object" && client !== null && hasFunction(client, "query")) {
    if (hasFunction(client, "connect") && "totalCount" in client) {
      return fromPgPool(client as PgPoolLike);
    }
    if (hasFunction(client, "connect")) return fromPgClient(client as PgClientLike);
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
