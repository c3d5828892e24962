import type { DataCorrelationRule } from "@contexten/core";

/**
 * Integration settings that are safe to change while the service runs. Secrets, clients
 * and rate-limit budgets are not among them: change those by redeploying.
 */
export interface IntegrationSettings {
  /**
   * `false` pauses webhook intake for the platform: its webhook route answers `503` with
   * `Retry-After`, so the platform redelivers later (Slack and Linear retry on their own;
   * GitHub deliveries can be redelivered from its settings page). Default `true`.
   */
  webhooksEnabled: boolean;
}

/** The settings every integration starts with. */
export const DEFAULT_INTEGRATION_SETTINGS: IntegrationSettings = Object.freeze({
  webhooksEnabled: true,
});

/**
 * Where the API keeps what it changes at run time (correlation rules, integration
 * settings), shared by every instance. {@link MemoryApiConfigStore} serves one process;
 * {@link createPostgresApiConfigStore} several.
 */
export interface ApiConfigStore {
  /** Every stored rule, oldest first. */
  listRules(): Promise<DataCorrelationRule[]>;
  /** Stores a rule; false when one with that name is stored already (nothing changes then). */
  insertRule(rule: DataCorrelationRule): Promise<boolean>;
  /** Removes a rule; false when none had that name. */
  deleteRule(name: string): Promise<boolean>;
  /** Stored settings by platform (platforms never changed are absent). */
  listIntegrationSettings(): Promise<Record<string, IntegrationSettings>>;
  /** Stores a platform's settings. */
  saveIntegrationSettings(platform: string, settings: IntegrationSettings): Promise<void>;
}

/** An {@link ApiConfigStore} in process memory: for one instance and tests. */
export class MemoryApiConfigStore implements ApiConfigStore {
  readonly #rules = new Map<string, DataCorrelationRule>();
  readonly #settings = new Map<string, IntegrationSettings>();

  async listRules(): Promise<DataCorrelationRule[]> {
    return structuredClone([...this.#rules.values()]);
  }

  async insertRule(rule: DataCorrelationRule): Promise<boolean> {
    if (this.#rules.has(rule.name)) return false;
    this.#rules.set(rule.name, structuredClone(rule));
    return true;
  }

  async deleteRule(name: string): Promise<boolean> {
    return this.#rules.delete(name);
  }

  async listIntegrationSettings(): Promise<Record<string, IntegrationSettings>> {
    return structuredClone(Object.fromEntries(this.#settings));
  }

  async saveIntegrationSettings(platform: string, settings: IntegrationSettings): Promise<void> {
    this.#settings.set(platform, { ...settings });
  }
}
