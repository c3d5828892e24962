/**
 * One versioned schema change. Statements run in order, unqualified: the runner sets
 * `search_path` to the store's schema for the duration of the migration transaction.
 */
export interface Migration {
  /** Strictly increasing version, recorded in the migrations table once applied. */
  version: number;
  /** Short description, recorded alongside the version. */
  name: string;
  /** SQL statements, one per entry (drivers such as PGlite run one statement per query). */
  statements: readonly string[];
}
