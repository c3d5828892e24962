import type { FakeLinearIssue } from "./fake-linear-records";
import type { FakeLinearWorkspace } from "./fake-linear-workspace";

/** A filter the fake cannot evaluate; answered as a GraphQL validation error. */
export class FakeFilterError extends Error {}

type Comparator = (value: unknown, operand: unknown) => boolean;

const lower = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value);
const text = (value: unknown) => (typeof value === "string" ? value : "");
const ordered = (compare: (a: number, b: number) => boolean): Comparator => {
  return (value, operand) => {
    const number = (input: unknown) =>
      typeof input === "string" ? Date.parse(input) : Number(input);
    return value !== null && value !== undefined && compare(number(value), number(operand));
  };
};

/** Linear's comparators (`StringComparator`, `NumberComparator`, `DateComparator` …). */
const COMPARATORS: Readonly<Record<string, Comparator>> = {
  eq: (value, operand) => value === operand,
  neq: (value, operand) => value !== operand,
  in: (value, operand) => Array.isArray(operand) && operand.includes(value),
  nin: (value, operand) => Array.isArray(operand) && !operand.includes(value),
  eqIgnoreCase: (value, operand) => lower(value) === lower(operand),
  neqIgnoreCase: (value, operand) => lower(value) !== lower(operand),
  inIgnoreCase: (value, operand) =>
    Array.isArray(operand) && operand.map(lower).includes(lower(value)),
  contains: (value, operand) => text(value).includes(text(operand)),
  containsIgnoreCase: (value, operand) =>
    text(value).toLowerCase().includes(text(operand).toLowerCase()),
  notContains: (value, operand) => !text(value).includes(text(operand)),
  notContainsIgnoreCase: (value, operand) =>
    !text(value).toLowerCase().includes(text(operand).toLowerCase()),
  startsWith: (value, operand) => text(value).startsWith(text(operand)),
  startsWithIgnoreCase: (value, operand) =>
    text(value).toLowerCase().startsWith(text(operand).toLowerCase()),
  endsWith: (value, operand) => text(value).endsWith(text(operand)),
  lt: ordered((a, b) => a < b),
  lte: ordered((a, b) => a <= b),
  gt: ordered((a, b) => a > b),
  gte: ordered((a, b) => a >= b),
  null: (value, operand) => (value === null || value === undefined) === operand,
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Evaluates a Linear filter (`IssueFilter`, `WorkflowStateFilter` …) against a plain
 * view of a record: `and` / `or`, every comparator, nested relations (`team: { key:
 * { eq: "ENG" } }`) and collections (`labels: { some: { name: { eqIgnoreCase: "bug" } } }`).
 * A field the view does not have throws {@link FakeFilterError} instead of silently
 * matching nothing.
 */
export function matchesFilter(value: unknown, filter: unknown, path = "filter"): boolean {
  if (!isRecord(filter)) throw new FakeFilterError(`${path} must be an input object`);
  return Object.entries(filter).every(([key, operand]) => {
    if (operand === undefined) return true;
    const at = `${path}.${key}`;
    if (key === "and" || key === "or") {
      if (!Array.isArray(operand)) throw new FakeFilterError(`${at} must be a list`);
      const check = (part: unknown, index: number) => matchesFilter(value, part, `${at}[${index}]`);
      return key === "and" ? operand.every(check) : operand.some(check);
    }
    const comparator = COMPARATORS[key];
    if (comparator) return comparator(value, operand);
    if (key === "some" || key === "every" || key === "none") {
      const items = Array.isArray(value) ? value : [];
      const check = (item: unknown) => matchesFilter(item, operand, at);
      if (key === "some") return items.some(check);
      if (key === "every") return items.every(check);
      return !items.some(check);
    }
    if (value === null || value === undefined) return matchesFilter(undefined, operand, at);
    if (!isRecord(value) || !(key in value)) {
      throw new FakeFilterError(`the fake Linear server does not support filtering on ${at}`);
    }
    return matchesFilter(value[key], operand, at);
  });
}

/** The fields of an issue the fake filters on, with relations resolved. */
export function issueView(workspace: FakeLinearWorkspace, issue: FakeLinearIssue) {
  const team = workspace.teams.find((candidate) => candidate.id === issue.teamId);
  const state = workspace.workflowStates.find((candidate) => candidate.id === issue.stateId);
  const person = (id: string | undefined) => {
    const user = id ? workspace.users.find((candidate) => candidate.id === id) : undefined;
    return user
      ? { id: user.id, name: user.name, displayName: user.displayName, email: user.email }
      : null;
  };
  return {
    id: issue.id,
    identifier: issue.identifier,
    number: issue.number,
    title: issue.title,
    description: issue.description,
    priority: issue.priority,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    startedAt: issue.startedAt ?? null,
    completedAt: issue.completedAt ?? null,
    canceledAt: issue.canceledAt ?? null,
    team: team ? { id: team.id, key: team.key, name: team.name } : null,
    state: state ? { id: state.id, name: state.name, type: state.type } : null,
    labels: issue.labelIds.flatMap((id) => {
      const label = workspace.labels.find((candidate) => candidate.id === id);
      return label ? [{ id: label.id, name: label.name }] : [];
    }),
    assignee: person(issue.assigneeId),
    creator: person(issue.creatorId),
  };
}
