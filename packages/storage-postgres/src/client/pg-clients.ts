import { isConnectionFailure } from "./connection-failure";
import { SerialLock } from "./serial-lock";
import type { SqlClient, SqlExecutor, SqlResult } from "./sql-client";

/** The part of a `pg` query result the store reads. */
export interface PgQueryResultLike {
  /** Returned rows. */
  rows: unknown[];
  /** Rows returned or affected; `null` for statements without a count. */
  rowCount: number | null;
}

/** The part of `pg.Client`, `pg.PoolClient` and `pg.Pool` that runs a query. */
export interface PgQueryable {
  /** Runs a parameterized statement. */
  query(text: string, values?: unknown[]): Promise<PgQueryResultLike>;
}

/** The `'error'` event of `pg` clients and pools (Node's `EventEmitter`). */
export interface PgErrorEvents {
  /** Adds an `'error'` listener. */
  on(event: "error", listener: (error: Error) => void): unknown;
  /** Removes an `'error'` listener. */
  removeListener(event: "error", listener: (error: Error) => void): unknown;
  /** Number of `'error'` listeners. */
  listenerCount(event: "error"): number;
}

/** The part of a `pg.PoolClient` the store uses. */
export interface PgPoolClientLike extends PgQueryable, Partial<PgErrorEvents> {
  /** Returns the connection to its pool; an error destroys it instead. */
  release(error?: Error | boolean): void;
}

/** The part of a `pg.Pool` the store uses. */
export interface PgPoolLike extends PgQueryable, Partial<PgErrorEvents> {
  /** Checks out one connection. */
  connect(): Promise<PgPoolClientLike>;
  /** Closes every connection. */
  end(): Promise<void>;
  /** Connections currently open; tells a pool apart from a single client. */
  readonly totalCount: number;
}

/** The part of a connected `pg.Client` the store uses. */
export interface PgClientLike extends PgQueryable, Partial<PgErrorEvents> {
  /** Opens the connection (the caller does this before handing the client over). */
  connect(): Promise<unknown>;
  /** Closes the connection. */
  end(): Promise<void>;
}

function wrapExecutor(queryable: PgQueryable): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
      const result = await queryable.query(text, [...params]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
  };
}

/**
 * `BEGIN`, `work`, `COMMIT` on one connection; `ROLLBACK` when `work` throws.
 *
 * With `discard` (a pooled connection), a connection whose state is unknown afterwards
 * (a failed `BEGIN`, `ROLLBACK` or `COMMIT`, or a statement that lost its connection or
 * timed out on the client) is handed to `discard` so the pool destroys it instead of
 * reusing it; after a lost connection or a client-side timeout no `ROLLBACK` is even sent:
 * it would wait in vain, and closing the connection rolls the transaction back. Without
 * `discard` (a single connection that cannot be replaced) `ROLLBACK` is always attempted.
 */
async function runTransaction<T>(
  connection: PgQueryable,
  work: (executor: SqlExecutor) => Promise<T>,
  discard?: (error: Error) => void,
): Promise<T> {
  const step = async (text: string) => {
    try {
      await connection.query(text);
    } catch (error) {
      discard?.(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  };
  await step("BEGIN");
  let result: T;
  try {
    result = await work(wrapExecutor(connection));
  } catch (error) {
    if (discard && isConnectionFailure(error)) {
      discard(error as Error);
      throw error;
    }
    await step("ROLLBACK").catch(() => {});
    throw error;
  }
  await step("COMMIT");
  return result;
}

/**
 * A {@link SqlClient} over a `pg.Pool`: plain queries go to any pooled connection, and
 * each transaction checks out one connection for its whole duration.
 */
export function fromPgPool(pool: PgPoolLike): SqlClient {
  const executor = wrapExecutor(pool);
  return {
    query: executor.query,
    async transaction(work) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      const markBroken = (error: Error) => {
        broken ??= error;
      };
      // While checked out, a connection that dies emits 'error' on the client, and an
      // 'error' event without a listener crashes the process. Its statements fail anyway.
      connection.on?.("error", markBroken);
      try {
        return await runTransaction(connection, work, markBroken);
      } finally {
        connection.removeListener?.("error", markBroken);
        // A connection in an unknown transaction state is destroyed, never reused.
        connection.release(broken);
      }
    },
    end: () => pool.end(),
  };
}

/**
 * A {@link SqlClient} over one connected `pg.Client`. Queries and transactions are
 * serialized so that no statement runs inside another caller's transaction.
 */
export function fromPgClient(client: PgClientLike): SqlClient {
  const lock = new SerialLock();
  const executor = wrapExecutor(client);
  return {
    query: (text, params) => lock.run(() => executor.query(text, params)),
    transaction: (work) => lock.run(() => runTransaction(client, work)),
    end: () => client.end(),
  };
}
