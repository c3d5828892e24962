/** What a workflow modal carries in its `private_metadata`. */
export interface WorkflowViewMetadata {
  /** The workflow session. */
  sessionId: string;
  /** The template it runs. */
  workflowType: string;
  /** The step the view shows. */
  stepId: string;
}

const MARKER = "contexten_workflow";

/** Encodes {@link WorkflowViewMetadata} for a modal's `private_metadata`. */
export function encodeWorkflowMetadata(metadata: WorkflowViewMetadata): string {
  return JSON.stringify({ [MARKER]: metadata });
}

/**
 * Reads {@link WorkflowViewMetadata} back from a view's `private_metadata`; undefined when
 * the view is not a contexten workflow modal.
 */
export function readWorkflowMetadata(
  privateMetadata: string | undefined,
): WorkflowViewMetadata | undefined {
  if (!privateMetadata?.includes(MARKER)) return undefined;
  try {
    const value = (JSON.parse(privateMetadata) as Record<string, unknown>)[MARKER];
    if (typeof value !== "object" || value === null) return undefined;
    const { sessionId, workflowType, stepId } = value as Record<string, unknown>;
    if (typeof sessionId !== "string" || typeof workflowType !== "string") return undefined;
    return { sessionId, workflowType, stepId: typeof stepId === "string" ? stepId : "" };
  } catch {
    return undefined;
  }
}
