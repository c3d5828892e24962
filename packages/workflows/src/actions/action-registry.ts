import { type AnyWorkflowAction, ConfigurationError } from "@contexten/core";

const ACTION_NAME = /^[a-zA-Z][\w-]*(\.[a-zA-Z][\w-]*)+$/;

/**
 * The actions an engine can run, by name. Adapters fill it (`githubWorkflowActions(client)`,
 * `slackWorkflowActions(client)`, `linearWorkflowActions(client)`), users add their own.
 */
export class ActionRegistry {
  readonly #actions = new Map<string, AnyWorkflowAction>();

  constructor(actions: Iterable<AnyWorkflowAction> = []) {
    for (const action of actions) this.register(action);
  }

  /**
   * Adds an action. Its name must be namespaced (`acme.notify`) and unused; registering the
   * same action object twice is allowed.
   */
  register(action: AnyWorkflowAction): this {
    if (typeof action?.name !== "string" || !ACTION_NAME.test(action.name)) {
      throw new ConfigurationError({
        message: `Workflow action names are namespaced like "acme.notify"; got ${JSON.stringify(action?.name)}.`,
      });
    }
    if (typeof action.run !== "function" || typeof action.input?.safeParse !== "function") {
      throw new ConfigurationError({
        message: `Workflow action "${action.name}" needs a zod \`input\` schema and a \`run\` function.`,
      });
    }
    const existing = this.#actions.get(action.name);
    if (existing && existing !== action) {
      throw new ConfigurationError({
        message: `A different workflow action named "${action.name}" is already registered; give yours another name.`,
      });
    }
    this.#actions.set(action.name, action);
    return this;
  }

  /** The action with this name. */
  get(name: string): AnyWorkflowAction | undefined {
    return this.#actions.get(name);
  }

  /** Every registered name, sorted. */
  names(): string[] {
    return [...this.#actions.keys()].sort();
  }
}
