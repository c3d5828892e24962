import type { WorkflowRunView } from "@contexten/workflows";

const MARK: Record<string, string> = {
  completed: "✓",
  skipped: "–",
  failed: "✗",
  canceled: "⊘",
  waiting: "…",
  running: "▸",
  retrying: "↻",
  pending: "·",
};

function seconds(from: Date | null | undefined, to: Date | null | undefined): string {
  if (!from || !to) return "";
  return ` ${((to.getTime() - from.getTime()) / 1000).toFixed(2)} s`;
}

/**
 * Workflow runs as text: one line per run (definition, status, duration, trigger), then
 * one per step with its mark, action, attempts and timing.
 */
export function renderRuns(runs: readonly WorkflowRunView[]): string {
  const lines: string[] = [];
  for (const { run, steps } of runs) {
    lines.push(
      `  ${run.definition.id} ${run.status}${seconds(run.createdAt, run.finishedAt)} (run ${run.id.slice(0, 8)}, started by ${run.triggerEventId?.slice(0, 8) ?? "hand"})`,
    );
    for (const step of steps) {
      const action = run.definition.steps.find((candidate) => candidate.id === step.stepId)?.action;
      const attempts = step.attempts > 1 ? `, ${step.attempts} attempts` : "";
      const error = step.error && step.status !== "completed" ? ` — ${step.error.message}` : "";
      lines.push(
        `    ${MARK[step.status] ?? "?"} ${step.stepId.padEnd(10)} ${(action ?? "").padEnd(26)} ${step.status}${attempts}${seconds(step.startedAt, step.finishedAt)}${error}`,
      );
    }
    if (run.error) lines.push(`    error: ${run.error.message}`);
  }
  return lines.join("\n");
}
