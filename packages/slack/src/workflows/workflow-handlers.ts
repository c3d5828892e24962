import type { InteractiveHandler, InteractiveMatcher } from "../webhooks/slack-handlers";
import type { InteractiveWorkflowManager } from "./interactive-workflow-manager";
import { readWorkflowMetadata } from "./workflow-metadata";
import { readViewValues, WORKFLOW_CALLBACK_PREFIX } from "./workflow-views";

/** Anything handlers can be registered on: a source, Socket Mode, a registry, the facade. */
export interface InteractiveHandlerTarget {
  /** Registers an interaction handler; returns a function that removes it. */
  registerInteractiveHandler(matcher: InteractiveMatcher, handler: InteractiveHandler): () => void;
}

/**
 * Registers the `view_submission` and `view_closed` handlers of every workflow modal
 * (`callback_id` `contexten_workflow:<type>`): submissions go to the manager's
 * `handleWorkflowStep` and answer with its `response_action`, closing cancels the session.
 * Returns a function that removes both.
 */
export function registerWorkflowHandlers(
  manager: InteractiveWorkflowManager,
  target: InteractiveHandlerTarget,
): () => void {
  const callbackId = new RegExp(
    `^${WORKFLOW_CALLBACK_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
  );
  const submit = target.registerInteractiveHandler(
    { callbackId, type: "view_submission" },
    async ({ payload }) => {
      const metadata = readWorkflowMetadata(payload.view?.private_metadata);
      if (!metadata) return undefined;
      const result = await manager.handleWorkflowStep(
        metadata.sessionId,
        readViewValues(payload.view?.state?.values),
        { stepId: metadata.stepId, userId: payload.user?.id, viewId: payload.view?.id },
      );
      return result.response;
    },
  );
  const close = target.registerInteractiveHandler(
    { callbackId, type: "view_closed" },
    async ({ payload }) => {
      const metadata = readWorkflowMetadata(payload.view?.private_metadata);
      if (metadata) await manager.cancelWorkflow(metadata.sessionId);
    },
  );
  return () => {
    submit();
    close();
  };
}
