import {
  type CorrelationEngine,
  type CorrelationRule,
  type DataCorrelationRule,
  NotFoundError,
  ValidationError,
} from "@contexten/core";
import { parseWithSchema } from "@contexten/core/adapter";
import { correlationRuleSchema } from "@contexten/core/schemas";
import type { LiveTransport } from "../live/live-transport";
import {
  type ApiConfigStore,
  DEFAULT_INTEGRATION_SETTINGS,
  type IntegrationSettings,
} from "./api-config-store";

/**
 * Applies what the {@link ApiConfigStore} holds to this instance (stored rules into the
 * correlation engine, integration settings) and keeps it current: a change made on any
 * instance is stored, then announced over the live transport, and every instance reloads.
 */
export class RuntimeConfig {
  readonly #store: ApiConfigStore;
  readonly #engine: CorrelationEngine;
  readonly #transport: LiveTransport;
  readonly #report: (error: unknown) => void;
  /** Names of the stored rules this instance has added to the engine. */
  readonly #applied = new Set<string>();
  #settings: Record<string, IntegrationSettings> = {};
  #reloading: Promise<void> = Promise.resolve();

  constructor(options: {
    store: ApiConfigStore;
    engine: CorrelationEngine;
    transport: LiveTransport;
    report: (error: unknown) => void;
  }) {
    this.#store = options.store;
    this.#engine = options.engine;
    this.#transport = options.transport;
    this.#report = options.report;
  }

  /** Rereads the store; reloads run one at a time so they apply in order. */
  reload(): Promise<void> {
    this.#reloading = this.#reloading.then(() => this.#load());
    return this.#reloading;
  }

  async #load(): Promise<void> {
    const [rules, settings] = await Promise.all([
      this.#store.listRules(),
      this.#store.listIntegrationSettings(),
    ]);
    this.#settings = settings;
    const stored = new Set(rules.map((rule) => rule.name));
    for (const name of [...this.#applied]) {
      if (!stored.has(name)) {
        this.#engine.removeRule(name);
        this.#applied.delete(name);
      }
    }
    for (const rule of rules) {
      if (this.#applied.has(rule.name)) continue;
      try {
        this.#engine.addRule(rule);
        this.#applied.add(rule.name);
      } catch (error) {
        // A stored rule whose name a built-in or code rule of this instance already uses.
        this.#report(error);
      }
    }
  }

  /** True for a rule stored through the API (as opposed to one the service passed in code). */
  isStored(name: string): boolean {
    return this.#applied.has(name);
  }

  /** The rules the engine runs, in evaluation order. */
  get rules(): readonly CorrelationRule[] {
    return this.#engine.rules;
  }

  /** Validates, stores and applies a rule on every instance. */
  async createRule(input: unknown): Promise<DataCorrelationRule> {
    const rule = parseWithSchema(correlationRuleSchema, input, "correlation rule");
    if (this.#engine.rules.some((existing) => existing.name === rule.name)) {
      throw new ValidationError({
        message: `A correlation rule named "${rule.name}" already exists; delete it first or pick another name.`,
        issues: [{ path: "name", message: "already in use" }],
      });
    }
    if (!(await this.#store.insertRule(rule))) {
      throw new ValidationError({
        message: `A correlation rule named "${rule.name}" was just created elsewhere; pick another name.`,
        issues: [{ path: "name", message: "already in use" }],
      });
    }
    await this.#changed();
    return rule;
  }

  /** Deletes a stored rule on every instance. */
  async deleteRule(name: string): Promise<void> {
    if (!this.isStored(name) && this.#engine.rules.some((rule) => rule.name === name)) {
      throw new ValidationError({
        message: `"${name}" is built into the service; only rules created through the API can be deleted.`,
        issues: [{ path: "name", message: "not deletable" }],
      });
    }
    if (!(await this.#store.deleteRule(name))) {
      throw new NotFoundError({ entity: "correlation rule", id: name });
    }
    await this.#changed();
  }

  /** A platform's current settings. */
  settings(platform: string): IntegrationSettings {
    return this.#settings[platform] ?? DEFAULT_INTEGRATION_SETTINGS;
  }

  /** Changes a platform's settings on every instance. */
  async updateSettings(
    platform: string,
    patch: Partial<IntegrationSettings>,
  ): Promise<IntegrationSettings> {
    const next = { ...this.settings(platform), ...patch };
    await this.#store.saveIntegrationSettings(platform, next);
    await this.#changed();
    return next;
  }

  async #changed(): Promise<void> {
    await this.reload();
    await this.#transport.publish({ kind: "config" });
  }
}
