import type { Migration } from "./migration";

/**
 * Payloads are compressed with LZ4 where the server has it (PostgreSQL 14 and later, built
 * with LZ4, as the common distributions are). A webhook payload is kilobytes of JSON,
 * stored out of line and compressed on every insert; PostgreSQL's default method (pglz)
 * is several times slower at that than LZ4. Rows written before keep their method and
 * stay readable. On a server without LZ4 (older versions, builds without it, PGlite) the
 * column keeps the server's default and the migration changes nothing.
 */
export const payloadCompression: Migration = {
  version: 7,
  name: "payload compression",
  statements: [
    `DO $$
    BEGIN
      EXECUTE 'ALTER TABLE events ALTER COLUMN payload SET COMPRESSION lz4';
    EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
      NULL;
    END
    $$`,
  ],
};
