import type { CorrelatedEvent, EventRef } from "@contexten/core";
import {
  extractReferences,
  firstLine,
  objectKey,
  readNumber,
  readObject,
  readString,
  readUrl,
} from "@contexten/core/adapter";
import { issueIdentifierOf } from "./issue-identifier";
import {
  buildLinearEvents,
  type LinearNormalizeInput,
  linearEventType,
  snakeCase,
} from "./linear-event-base";
import { issueIdentityKeys } from "./normalize-issue";
import { parentRefs } from "./parent-refs";

interface EntityShape {
  kind: string;
  title(data: Record<string, unknown>): string | undefined;
}

/**
 * Updates posted on a project or an initiative: each refs what it is an update of
 * (evidence `attachment`), so a project's updates meet the project and each other.
 */
const UPDATE_OWNERS: ReadonlyMap<string, readonly [field: string, kind: string]> = new Map([
  ["ProjectUpdate", ["projectId", "project"]],
  ["InitiativeUpdate", ["initiativeId", "initiative"]],
]);

function ownerRefs(type: string, data: Record<string, unknown>): EventRef[] {
  const owner = UPDATE_OWNERS.get(type);
  if (!owner) return [];
  const [field, kind] = owner;
  const key = objectKey("linear", kind, readString(data, field) ?? readString(data, kind, "id"));
  return key ? [{ key, evidence: "attachment", field: `data.${field}` }] : [];
}

/** Subject kind and title per entity type; others use the snake-cased type and `name`. */
const ENTITIES: ReadonlyMap<string, EntityShape> = new Map([
  ["IssueLabel", { kind: "label", title: (data) => readString(data, "name") }],
  ["Project", { kind: "project", title: (data) => readString(data, "name") }],
  [
    "Cycle",
    {
      kind: "cycle",
      title: (data) => {
        const number = readNumber(data, "number");
        return readString(data, "name") ?? (number === undefined ? undefined : `Cycle ${number}`);
      },
    },
  ],
]);

function normalizeAboutIssue(
  input: LinearNormalizeInput,
  issue: Record<string, unknown>,
): CorrelatedEvent[] {
  const body = input.delivery.body;
  return buildLinearEvents(input, [
    {
      type: linearEventType(body.type, body.action),
      subject: {
        kind: "issue",
        id: readString(issue, "id"),
        key: issueIdentifierOf(issue),
        url: readUrl(issue, "url") ?? readUrl(body, "url"),
        title: readString(issue, "title"),
      },
      keys: issueIdentityKeys(issue),
      refs: [],
    },
  ]);
}

/**
 * Every other type: IssueLabel, Project and Cycle (identity `linear:label:<uuid>`,
 * `linear:project:<uuid>`, `linear:cycle:<uuid>`; a project refs what its description
 * mentions), ProjectUpdate and InitiativeUpdate (which ref their project or initiative),
 * and types this package does not know yet (`linear.<type>.<action>`, keyed
 * by `data.id` when there is one, with refs to the parent issue or comment it names).
 * Nothing is rejected: an unknown type is stored as it came, and a key its type or id
 * cannot make is left out.
 */
export function normalizeEntity(input: LinearNormalizeInput): CorrelatedEvent[] {
  const body = input.delivery.body;
  // IssueSLA events carry the issue as `issueData`: they are about that issue.
  const issueData = readObject(body, "issueData");
  if (issueData && issueIdentityKeys(issueData).length > 0) {
    return normalizeAboutIssue(input, issueData);
  }
  const data = readObject(body, "data") ?? {};
  const type = readString(body, "type") ?? "";
  const entity = ENTITIES.get(type);
  const kind = entity?.kind ?? (snakeCase(type) || "unknown");
  const dataId = readString(data, "id");
  const text = [
    readString(data, "description"),
    readString(data, "content"),
    readString(data, "body"),
  ]
    .filter((value): value is string => value !== undefined)
    .join("\n");
  return buildLinearEvents(input, [
    {
      type: linearEventType(body.type, body.action),
      subject: {
        kind,
        id: dataId ?? readString(body, "webhookId") ?? input.delivery.deliveryId,
        url: readUrl(data, "url") ?? readUrl(body, "url"),
        title:
          entity?.title(data) ??
          readString(data, "name") ??
          firstLine(readString(data, "body"), 120),
      },
      keys: [objectKey("linear", kind, dataId)],
      refs: [
        ...ownerRefs(type, data),
        ...parentRefs(data),
        ...extractReferences(text, { ...input.references, field: "data", evidence: "body" }),
      ],
    },
  ]);
}
