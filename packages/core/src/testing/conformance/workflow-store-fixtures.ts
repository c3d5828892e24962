import type { WorkflowRecord, WorkflowStepRecord } from "../../contracts/workflow-store";
import {
  type WorkflowDefinition,
  workflowDefinitionSchema,
} from "../../models/workflow-definition";
import { pendingStepRecords } from "../../store/workflow-record-input";

/** Start of the workflow conformance timeline. */
export const WORKFLOW_BASE_TIME = Date.parse("2030-02-01T00:00:00.000Z");

/** `WORKFLOW_BASE_TIME` plus `minutes`. */
export function at(minutes: number): Date {
  return new Date(WORKFLOW_BASE_TIME + minutes * 60_000);
}

/** A two-step definition (`notify` then `label`). */
export function sampleDefinition(id = "notify-on-merge"): WorkflowDefinition {
  return workflowDefinitionSchema.parse({
    id,
    name: "Notify on merge",
    triggerPatterns: [
      { type: "github.pull_request.closed", payload: { "pull_request.merged": true } },
    ],
    steps: [
      {
        id: "notify",
        name: "Post to Slack",
        action: "slack.postMessage",
        input: { channel: "C1" },
      },
      { id: "label", name: "Label", action: "github.addLabels", dependsOn: ["notify"] },
    ],
  });
}

/** A run created `minute` minutes into the timeline. */
export function sampleRun(
  id: string,
  minute: number,
  overrides: Partial<WorkflowRecord> = {},
): WorkflowRecord {
  return {
    id,
    name: `run ${id}`,
    definition: sampleDefinition(),
    status: "pending",
    triggerEventId: `evt-${id}`,
    correlationId: null,
    input: {},
    error: null,
    state: { attempt: 1 },
    createdAt: at(minute),
    updatedAt: at(minute),
    finishedAt: null,
    ...overrides,
  };
}

/** The pending steps of a {@link sampleDefinition} run. */
export function sampleSteps(runId: string, minute: number): WorkflowStepRecord[] {
  return pendingStepRecords(runId, ["notify", "label"], at(minute));
}
