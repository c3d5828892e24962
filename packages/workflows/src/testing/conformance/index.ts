/**
 * `@contexten/workflows/testing/conformance`: the workflow runtime conformance suite. It
 * registers `vitest` tests, so this entry needs `vitest` (3 or newer) installed; the
 * helpers it uses come from `@contexten/workflows/testing`.
 *
 * @packageDocumentation
 */

export {
  runWorkflowRuntimeConformance,
  type WorkflowRuntimeConformanceOptions,
} from "./workflow-runtime-conformance";
