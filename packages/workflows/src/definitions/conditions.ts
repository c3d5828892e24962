import type { WorkflowCondition } from "@contexten/core";
import { readPath } from "@contexten/core/adapter";

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function compare(actual: unknown, expected: unknown): number | undefined {
  if (typeof actual === "number" && typeof expected === "number") return actual - expected;
  if (typeof actual === "string" && typeof expected === "string") {
    return actual < expected ? -1 : actual > expected ? 1 : 0;
  }
  return undefined;
}

/**
 * The values at a dotted path; a `*` segment stands for every element of a list (or value
 * of an object), so `refs.*.key` reads the key of each ref.
 */
export function readPathValues(subject: unknown, path: string): unknown[] {
  const star = path.split(".").indexOf("*");
  if (star === -1) return [readPath(subject, path)];
  const segments = path.split(".");
  const head = segments.slice(0, star).join(".");
  const rest = segments.slice(star + 1).join(".");
  const container = head ? readPath(subject, head) : subject;
  if (typeof container !== "object" || container === null) return [];
  return Object.values(container).flatMap((item) => (rest ? readPathValues(item, rest) : [item]));
}

/**
 * Whether one condition holds for `subject` (the value its path is read from). With a `*`
 * in the path it holds when it holds for at least one of the values read.
 */
export function conditionHolds(condition: WorkflowCondition, subject: unknown): boolean {
  return readPathValues(subject, condition.path).some((actual) => valueHolds(condition, actual));
}

function valueHolds(condition: WorkflowCondition, actual: unknown): boolean {
  const { value } = condition;
  switch (condition.operator) {
    case "equals":
      return sameJson(actual, value);
    case "notEquals":
      return !sameJson(actual, value);
    case "in":
      return Array.isArray(value) && value.some((candidate) => sameJson(actual, candidate));
    case "notIn":
      return Array.isArray(value) && !value.some((candidate) => sameJson(actual, candidate));
    case "exists":
      return actual !== undefined && actual !== null;
    case "matches":
      return typeof actual === "string" && new RegExp(String(value)).test(actual);
    case "gt":
      return (compare(actual, value) ?? 0) > 0;
    case "lt":
      return (compare(actual, value) ?? 0) < 0;
  }
}

/** Whether every condition holds (an empty list always does). */
export function allConditionsHold(
  conditions: readonly WorkflowCondition[] | undefined,
  subject: unknown,
): boolean {
  return (conditions ?? []).every((condition) => conditionHolds(condition, subject));
}

/** Problems with a condition's value for its operator, or `undefined` when it is usable. */
export function conditionProblem(condition: WorkflowCondition): string | undefined {
  const { operator, value } = condition;
  if ((operator === "in" || operator === "notIn") && !Array.isArray(value)) {
    return `operator "${operator}" needs a list as value`;
  }
  if (operator === "matches") {
    if (typeof value !== "string") return 'operator "matches" needs a regular expression string';
    try {
      new RegExp(value);
    } catch {
      return `"${value}" is not a valid regular expression`;
    }
  }
  if (
    (operator === "gt" || operator === "lt") &&
    typeof value !== "number" &&
    typeof value !== "string"
  ) {
    return `operator "${operator}" needs a number or a string as value`;
  }
  return undefined;
}
