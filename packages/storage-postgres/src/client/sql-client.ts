/** Rows and row count of one statement. */
export interface SqlResult<Row> {
  /** Returned rows (empty for statements without `RETURNING`). */
  rows: Row[];
  /** Rows returned or affected, as the server reported it. */
  rowCount: number;
}

/** Runs one SQL statement with `$1`-style parameters. */
export interface SqlExecutor {
  /** Runs `text` with `params` and resolves its rows. */
  query<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<SqlResult<Row>>;
}

/**
 * The small query interface the store talks to. `toSqlClient` builds one from a `pg.Pool`,
 * a `pg.Client` or a PGlite instance; implement it yourself to put another driver (or a
 * wrapper that traces queries) behind the store.
 */
export interface SqlClient extends SqlExecutor {
  /**
   * Runs `work` inside `BEGIN … COMMIT` on one connection: it commits when `work`
   * resolves and rolls back when it throws. Statements issued through `transaction`'s
   * executor must never interleave with statements of other callers.
   */
  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;
  /** Ends the underlying connection(s); called by the store only when it created them. */
  end?(): Promise<void>;
}
