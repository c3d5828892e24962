import {
  ValidationError,
  type ValidationIssue,
  type WorkflowCondition,
  type WorkflowDefinition,
  type WorkflowDefinitionInput,
} from "@contexten/core";
import { parseWithSchema } from "@contexten/core/adapter";
import { workflowDefinitionSchema } from "@contexten/core/schemas";
import type { ActionRegistry } from "../actions/action-registry";
import { conditionProblem } from "./conditions";
import { ancestorsOf, findCycle } from "./step-graph";
import { findTemplates, TEMPLATE_ROOTS } from "./templates";

const STEP_FIELDS = new Set(["output", "status", "error"]);

/** Problems with the template paths a step uses (input and `when`). */
function templateIssues(
  definition: WorkflowDefinition,
  index: number,
  uses: readonly { path: string; location: string }[],
): ValidationIssue[] {
  const step = definition.steps[index]!;
  const known = new Set(definition.steps.map((candidate) => candidate.id));
  const ancestors = ancestorsOf(definition.steps, step.id);
  const issues: ValidationIssue[] = [];
  for (const { path, location } of uses) {
    const [root, stepId, field] = path.split(".");
    const at = `steps.${index}.${location}`;
    if (!TEMPLATE_ROOTS.includes(root as (typeof TEMPLATE_ROOTS)[number])) {
      issues.push({
        path: at,
        message: `template "{{${path}}}" must start with one of ${TEMPLATE_ROOTS.join(", ")}`,
      });
    } else if (root === "steps") {
      if (!stepId || !known.has(stepId)) {
        issues.push({
          path: at,
          message: `template "{{${path}}}" names unknown step "${stepId ?? ""}"`,
        });
      } else if (!ancestors.has(stepId)) {
        issues.push({
          path: at,
          message: `template "{{${path}}}" reads step "${stepId}", which step "${step.id}" does not depend on; add it to dependsOn`,
        });
      } else if (field !== undefined && !STEP_FIELDS.has(field)) {
        issues.push({
          path: at,
          message: `template "{{${path}}}" reads "${field}"; a step has output, status and error`,
        });
      }
    }
  }
  return issues;
}

function conditionIssues(
  conditions: readonly WorkflowCondition[],
  path: string,
): ValidationIssue[] {
  return conditions.flatMap((condition, index) => {
    const problem = conditionProblem(condition);
    return problem ? [{ path: `${path}.${index}.value`, message: problem }] : [];
  });
}

/**
 * Validates a definition for registration: the zod schema, then what the schema cannot
 * see: cycles in `dependsOn`, unknown actions, templates that name unknown steps or steps
 * the step does not depend on, condition values that do not fit their operator, and
 * inputs without templates that fail their action's schema. Throws one `ValidationError`
 * listing every problem with its path (`steps.2.action`, `steps.1.input.channel`).
 */
export function validateDefinition(
  input: WorkflowDefinitionInput | WorkflowDefinition,
  actions: ActionRegistry,
): WorkflowDefinition {
  const definition = parseWithSchema(workflowDefinitionSchema, input, "workflow definition");
  const issues: ValidationIssue[] = [...conditionIssues(definition.conditions, "conditions")];
  const cycle = findCycle(definition.steps);
  if (cycle) {
    const index = definition.steps.findIndex((step) => step.id === cycle[0]);
    issues.push({
      path: `steps.${index}.dependsOn`,
      message: `dependsOn forms a cycle: ${cycle.join(" → ")}`,
    });
  }
  for (const [index, step] of definition.steps.entries()) {
    const action = actions.get(step.action);
    if (!action) {
      issues.push({
        path: `steps.${index}.action`,
        message: `unknown action "${step.action}"; registered actions: ${actions.names().join(", ") || "none"}`,
      });
    }
    if (cycle) continue;
    const uses = [
      ...findTemplates(step.input, "input"),
      ...(step.when ?? []).map((condition, position) => ({
        path: condition.path,
        location: `when.${position}.path`,
      })),
    ];
    issues.push(...templateIssues(definition, index, uses));
    issues.push(...conditionIssues(step.when ?? [], `steps.${index}.when`));
    if (action && findTemplates(step.input).length === 0) {
      const result = action.input.safeParse(step.input);
      if (!result.success) {
        for (const problem of result.error.issues) {
          issues.push({
            path: [`steps.${index}.input`, ...problem.path.map(String)].join("."),
            message: problem.message,
          });
        }
      }
    }
  }
  if (issues.length > 0) {
    const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
    throw new ValidationError({
      message: `Invalid workflow definition "${definition.id}":\n${lines.join("\n")}`,
      issues,
    });
  }
  return definition;
}
