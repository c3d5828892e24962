import { ConfigurationError, type DataCorrelationRule } from "@contexten/core";
import { correlationRuleSchema } from "@contexten/core/schemas";
import {
  type ApiConfigStore,
  DEFAULT_INTEGRATION_SETTINGS,
  type IntegrationSettings,
} from "./api-config-store";

/** The part of a `pg.Pool` (or `pg.Client`) the store uses. */
export interface ConfigQueryable {
  query<Row extends object = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/** Options for {@link createPostgresApiConfigStore}. */
export interface PostgresApiConfigStoreOptions {
  /** A `pg.Pool` on the database every instance shares. */
  pool: ConfigQueryable;
  /** Schema of the tables (default `public`); created when missing. */
  schema?: string | undefined;
}

/**
 * An {@link ApiConfigStore} on PostgreSQL: tables `contexten_api_correlation_rules` and
 * `contexten_api_integration_settings` in `schema`, created on first use.
 */
export function createPostgresApiConfigStore(
  options: PostgresApiConfigStoreOptions,
): ApiConfigStore {
  const schema = options.schema ?? "public";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigurationError({
      message: `schema ${JSON.stringify(schema)} must be lower-case letters, digits and _, e.g. "contexten".`,
    });
  }
  const rules = `"${schema}".contexten_api_correlation_rules`;
  const settings = `"${schema}".contexten_api_integration_settings`;
  const { pool } = options;
  let ready: Promise<void> | undefined;
  const ensure = (): Promise<void> => {
    ready ??= (async () => {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await pool.query(
        `CREATE TABLE IF NOT EXISTS ${rules} (
           name text PRIMARY KEY,
           rule jsonb NOT NULL,
           created_at timestamptz NOT NULL DEFAULT now())`,
      );
      await pool.query(
        `CREATE TABLE IF NOT EXISTS ${settings} (
           platform text PRIMARY KEY,
           settings jsonb NOT NULL,
           updated_at timestamptz NOT NULL DEFAULT now())`,
      );
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  return {
    async listRules() {
      await ensure();
      const { rows } = await pool.query<{ rule: unknown }>(
        `SELECT rule FROM ${rules} ORDER BY created_at, name`,
      );
      return rows.map((row) => correlationRuleSchema.parse(row.rule) as DataCorrelationRule);
    },
    async insertRule(rule) {
      await ensure();
      const { rowCount } = await pool.query(
        `INSERT INTO ${rules} (name, rule) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO NOTHING`,
        [rule.name, JSON.stringify(rule)],
      );
      return rowCount === 1;
    },
    async deleteRule(name) {
      await ensure();
      const { rowCount } = await pool.query(`DELETE FROM ${rules} WHERE name = $1`, [name]);
      return rowCount === 1;
    },
    async listIntegrationSettings() {
      await ensure();
      const { rows } = await pool.query<{
        platform: string;
        settings: Partial<IntegrationSettings>;
      }>(`SELECT platform, settings FROM ${settings}`);
      return Object.fromEntries(
        rows.map((row) => [row.platform, { ...DEFAULT_INTEGRATION_SETTINGS, ...row.settings }]),
      );
    },
    async saveIntegrationSettings(platform, value) {
      await ensure();
      await pool.query(
        `INSERT INTO ${settings} (platform, settings) VALUES ($1, $2::jsonb)
         ON CONFLICT (platform) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
        [platform, JSON.stringify(value)],
      );
    },
  };
}
