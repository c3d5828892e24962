import { afterEach, beforeEach, describe } from "vitest";
import type { WorkflowStore } from "../contracts/workflow-store";
import { describeWorkflowStoreRuns } from "./conformance/workflow-store-run-tests";
import { describeWorkflowStoreSteps } from "./conformance/workflow-store-step-tests";

/** Options for {@link runWorkflowStoreConformance}. */
export interface WorkflowStoreConformanceOptions {
  /** Shown in the test names, e.g. `MemoryWorkflowStore` or `PostgresStore (PGlite)`. */
  name: string;
  /** Returns a new, empty store; called before every test. */
  createStore: () => WorkflowStore | Promise<WorkflowStore>;
  /** Called after every test with that test's store (drop its schema, close it, …). */
  cleanup?: ((store: WorkflowStore) => void | Promise<void>) | undefined;
}

/**
 * Registers the `WorkflowStore` contract tests with vitest; call it at the top level of a
 * test file:
 *
 * ```ts
 * import { runWorkflowStoreConformance } from "@contexten/core/testing/conformance";
 * runWorkflowStoreConformance({ name: "MemoryWorkflowStore", createStore: () => new MemoryWorkflowStore() });
 * ```
 *
 * It checks runs (save, create-once under races, filters, guarded updates under races,
 * validation, copies) and steps (attempt claims under races, JSON outputs, errors, waits
 * with their dates). Timestamps are fixed; nothing depends on timing.
 */
export function runWorkflowStoreConformance(options: WorkflowStoreConformanceOptions): void {
  describe(`WorkflowStore conformance: ${options.name}`, () => {
    let store: WorkflowStore | undefined;
    beforeEach(async () => {
      store = await options.createStore();
    });
    afterEach(async () => {
      if (store) await options.cleanup?.(store);
      store = undefined;
    });
    const current = (): WorkflowStore => {
      if (!store) throw new Error("createStore() did not return a store");
      return store;
    };
    describeWorkflowStoreRuns(current);
    describeWorkflowStoreSteps(current);
  });
}
