import { type CorrelatedEvent, extractReferences, mergeReferences } from "@contexten/core";
import {
  type LinearNormalizeInput,
  linearEventType,
  linearObjectKey,
  objectField,
  snakeCase,
  stringField,
  titleOf,
  toLinearEvents,
  urlField,
} from "./linear-event-base";
import { issueIdentityKeys } from "./normalize-issue";
import { parentRefs } from "./parent-refs";

/** Subject kind and title field per entity type; others use the snake-cased type and `name`. */
const ENTITIES: Readonly<
  Record<string, { kind: string; title: (data: Record<string, unknown>) => string | undefined }>
> = {
  IssueLabel: { kind: "label", title: (data) => stringField(data, "name") },
  Project: { kind: "project", title: (data) => stringField(data, "name") },
  Cycle: {
    kind: "cycle",
    title: (data) =>
      stringField(data, "name") ??
      (typeof data.number === "number" ? `Cycle ${data.number}` : undefined),
  },
};

function normalizeAboutIssue(
  input: LinearNormalizeInput,
  issue: Record<string, unknown>,
): CorrelatedEvent[] {
  const body = input.delivery.body;
  const url = urlField(stringField(issue, "url"), body.url);
  const title = stringField(issue, "title");
  return toLinearEvents(input, [
    {
      type: linearEventType(body.type, body.action),
      subject: {
        kind: "issue",
        id: String(issue.id),
        key: String(issue.identifier),
        ...(url ? { url } : {}),
        ...(title ? { title } : {}),
      },
      keys: issueIdentityKeys(issue),
      refs: [],
    },
  ]);
}

/** The object's key, or none when the type or id cannot make a valid key (an odd new type). */
function identityKeys(kind: string, id: string): string[] {
  try {
    return [linearObjectKey(kind, id)];
  } catch {
    return [];
  }
}

/**
 * Every other type: IssueLabel, Project and Cycle (identity `linear:label:<uuid>`,
 * `linear:project:<uuid>`, `linear:cycle:<uuid>`; a project refs what its description
 * mentions), and types this package does not know yet (`linear.<type>.<action>`, keyed
 * by `data.id` when there is one, with refs to the parent issue or comment it names).
 * Nothing is rejected: an unknown type is stored as it came.
 */
export function normalizeEntity(input: LinearNormalizeInput): CorrelatedEvent[] {
  const body = input.delivery.body;
  // IssueSLA events carry the issue as `issueData`: they are about that issue.
  const issueData = objectField(body, "issueData");
  if (issueData && issueIdentityKeys(issueData).length > 0)
    return normalizeAboutIssue(input, issueData);
  const data = body.data ?? {};
  const entity = ENTITIES[body.type];
  const kind = entity?.kind ?? (snakeCase(body.type) || "unknown");
  const dataId = stringField(data, "id");
  const id = dataId ?? body.webhookId ?? input.delivery.deliveryId;
  const title =
    entity?.title(data) ?? stringField(data, "name") ?? titleOf(stringField(data, "body"));
  const url = urlField(stringField(data, "url"), body.url);
  const text = [
    stringField(data, "description"),
    stringField(data, "content"),
    stringField(data, "body"),
  ]
    .filter((value): value is string => value !== undefined)
    .join("\n");
  return toLinearEvents(input, [
    {
      type: linearEventType(body.type, body.action),
      subject: { kind, id, ...(url ? { url } : {}), ...(title ? { title } : {}) },
      keys: dataId ? identityKeys(kind, dataId) : [],
      refs: mergeReferences(
        parentRefs(data),
        extractReferences(text, { ...input.references, field: "data", evidence: "body" }),
      ),
    },
  ]);
}
