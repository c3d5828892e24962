import { ConfigurationError } from "@contexten/core";

/** The schema the store uses when none is given. */
export const DEFAULT_SCHEMA = "contexten";

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Validates a schema name and returns it double-quoted for SQL. Only plain identifiers
 * are accepted, so the name can never smuggle SQL into a statement.
 */
export function quoteSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new ConfigurationError({
      message: `createPostgresStore: schema ${JSON.stringify(schema)} is not a plain identifier; use letters, digits and underscores (at most 63, not starting with a digit).`,
    });
  }
  return `"${schema}"`;
}
