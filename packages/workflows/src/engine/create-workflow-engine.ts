import { WorkflowEngine } from "./workflow-engine";
import type { WorkflowEngineOptions } from "./workflow-engine-options";

/**
 * Creates a workflow engine: register definitions (JSON or TypeScript), call
 * `engine.onEvent(event)` for every stored event, `engine.start()` where runs should be
 * worked on. Runs survive restarts with a durable runtime and store.
 *
 * @example
 * ```ts
 * const engine = createWorkflowEngine({
 *   store, events: store, runtime: createPgBossRuntime({ connectionString }),
 *   actions: [...githubWorkflowActions(github), ...slackWorkflowActions(slack)],
 *   definitions: [notifyOnMerge],
 * });
 * await engine.start();
 * createWebhookHandler({ sources, store, onEvent: async (event) => {
 *   await correlation.processEvent(event);
 *   await engine.onEvent(event);
 * } });
 * ```
 */
export function createWorkflowEngine(options: WorkflowEngineOptions): WorkflowEngine {
  return new WorkflowEngine(options);
}
