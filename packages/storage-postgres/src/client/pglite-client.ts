import type { SqlClient, SqlExecutor, SqlResult } from "./sql-client";

/** The part of a PGlite query result the store reads. */
export interface PGliteResultLike<Row> {
  /** Returned rows. */
  rows: Row[];
  /** Rows returned or changed, from the command tag (newer PGlite versions). */
  rowCount?: number;
  /** Rows changed by the statement, when it changed any. */
  affectedRows?: number;
}

/** The part of a PGlite transaction the store uses. */
export interface PGliteTransactionLike {
  /** Runs a parameterized statement inside the transaction. */
  query<Row>(text: string, params?: unknown[]): Promise<PGliteResultLike<Row>>;
}

/**
 * The part of a PGlite instance (`new PGlite()` from `@electric-sql/pglite`) the store
 * uses. Declared structurally so this package never loads PGlite itself.
 */
export interface PGliteLike {
  /** Resolves once the database has started. */
  readonly waitReady: Promise<void>;
  /** Runs a parameterized statement. */
  query<Row>(text: string, params?: unknown[]): Promise<PGliteResultLike<Row>>;
  /** Runs `callback` inside `BEGIN … COMMIT`, exclusively. */
  transaction<T>(callback: (transaction: PGliteTransactionLike) => Promise<T>): Promise<T>;
  /** Shuts the database down. */
  close(): Promise<void>;
}

function wrap(queryable: PGliteTransactionLike): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
      const result = await queryable.query<Row>(text, [...params]);
      return {
        rows: result.rows,
        rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
      };
    },
  };
}

/**
 * A {@link SqlClient} over a PGlite instance. PGlite has one connection and already runs
 * each query and transaction exclusively, so nothing interleaves with a transaction.
 */
export function fromPGlite(database: PGliteLike): SqlClient {
  return {
    query: wrap(database).query,
    transaction: (work) => database.transaction((transaction) => work(wrap(transaction))),
    end: () => database.close(),
  };
}
