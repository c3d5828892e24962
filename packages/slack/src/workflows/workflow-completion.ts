import type { SlackClient } from "../client/slack-client";
import type {
  WorkflowResult,
  WorkflowSession,
  WorkflowTemplate,
  WorkflowValues,
} from "./workflow-types";

/**
 * Runs a template's completion for a session: merges `extra` into the last step's values,
 * calls `onComplete` with every step's values, and builds the {@link WorkflowResult}
 * (`completed` with its output and message, or `failed` with the error's message, the
 * error itself returned for reporting). Stores nothing.
 */
export async function runCompletion(
  template: WorkflowTemplate,
  session: WorkflowSession,
  extra: WorkflowValues,
  context: { client: SlackClient | undefined; now: () => Date },
): Promise<{ result: WorkflowResult; error?: unknown }> {
  const lastStep = template.steps.at(-1)!.id;
  const stepValues = { ...session.values, [lastStep]: { ...session.values[lastStep], ...extra } };
  const values = Object.assign({}, ...Object.values(stepValues)) as WorkflowValues;
  const base = {
    sessionId: session.id,
    workflowType: session.workflowType,
    userId: session.userId,
    values,
    stepValues,
  };
  try {
    const completion = await template.onComplete?.({
      session,
      values,
      stepValues,
      client: context.client,
    });
    return {
      result: {
        ...base,
        status: "completed",
        ...(completion?.output ? { output: completion.output } : {}),
        ...(completion?.message ? { message: completion.message } : {}),
        completedAt: context.now(),
      },
    };
  } catch (error) {
    return {
      result: {
        ...base,
        status: "failed",
        error: error instanceof Error ? error.message : String(error),
        completedAt: context.now(),
      },
      error,
    };
  }
}
