import { type CorrelatedEvent, CorrelationKeys, EventTypes } from "@contexten/core";
import {
  extendFrozenJson,
  extractReferences,
  readArray,
  readObject,
  readString,
  readUrl,
} from "@contexten/core/adapter";
import { categoryOfStateType } from "../issues/issue-mapping";
import { issueIdentifierOf } from "./issue-identifier";
import {
  buildLinearEvents,
  type LinearEventParts,
  type LinearNormalizeInput,
  linearEventType,
} from "./linear-event-base";

/** Event type of a status change, emitted beside `linear.issue.updated`. */
export const LINEAR_ISSUE_STATUS_CHANGED = "linear.issue.status_changed";

/**
 * The keys an issue *is*: `linear:issue:<identifier>` (the identifier as sent, or built from the team key and number when absent),
 * one per `previousIdentifiers` entry, and `linear:issue-id:<uuid>`. Empty when `data`
 * has no id or no identifier.
 */
export function issueIdentityKeys(data: Record<string, unknown>): string[] {
  const id = readString(data, "id");
  const identifier = issueIdentifierOf(data);
  if (!id || !identifier) return [];
  return [
    CorrelationKeys.linearIssue(identifier),
    ...readArray(data, "previousIdentifiers", readString).map((name) =>
      CorrelationKeys.linearIssue(name),
    ),
    CorrelationKeys.linearIssueId(id),
  ];
}

/** `from` and `to` of a status change: Linear sends only the previous state's id. */
function statusChange(data: Record<string, unknown>, previousStateId: string) {
  const state = readObject(data, "state");
  const id = readString(state, "id") ?? readString(data, "stateId");
  const name = readString(state, "name");
  const type = readString(state, "type");
  return {
    from: { id: previousStateId },
    to: {
      ...(id ? { id } : {}),
      ...(name ? { name } : {}),
      ...(type ? { type, category: categoryOfStateType(type) } : {}),
    },
  };
}

/**
 * Issue `create` / `update` / `remove` (and other actions). The event *is* the issue
 * under every name it has had: `linear:issue:<identifier>`, `linear:issue:<previous>` for
 * each `previousIdentifiers` entry (so a PR naming `ENG-123` still meets the issue after
 * it became `OPS-7`), and `linear:issue-id:<uuid>`; a body without `identifier` gets it
 * from the team's key and the issue's number. It refs what its title and description
 * mention, and a sub-issue refs its parent (`linear:issue-id:<parentId>`, evidence
 * `attachment`: Linear itself linked them). An update whose `updatedFrom` holds `stateId` also yields
 * `linear.issue.status_changed`, whose payload is the body plus `from` (the previous state
 * id; Linear sends only the id) and `to` (id, name, type and normalized category); that
 * payload is stored without serializing the body again, however deeply it nests.
 */
export function normalizeIssue(input: LinearNormalizeInput): CorrelatedEvent[] {
  const body = input.delivery.body;
  const data = readObject(body, "data") ?? {};
  const title = readString(data, "title");
  const keys = issueIdentityKeys(data);
  const parentId = readString(data, "parentId");
  const refs = [
    ...(parentId
      ? [
          {
            key: CorrelationKeys.linearIssueId(parentId),
            evidence: "attachment" as const,
            field: "parentId",
          },
        ]
      : []),
    ...extractReferences(title ?? "", { ...input.references, field: "title", evidence: "title" }),
    ...extractReferences(readString(data, "description") ?? "", {
      ...input.references,
      field: "description",
      evidence: "body",
    }),
  ];
  const subject = {
    kind: "issue",
    id: readString(data, "id"),
    key: issueIdentifierOf(data),
    url: readUrl(data, "url") ?? readUrl(body, "url"),
    title,
  };
  const type =
    body.action === "create"
      ? EventTypes.LINEAR_ISSUE_CREATED
      : body.action === "update"
        ? EventTypes.LINEAR_ISSUE_UPDATED
        : linearEventType(body.type, body.action);
  const parts: LinearEventParts[] = [{ type, subject, keys, refs }];
  const previousStateId = readString(body, "updatedFrom", "stateId");
  if (body.action === "update" && previousStateId) {
    parts.push({
      type: LINEAR_ISSUE_STATUS_CHANGED,
      subject,
      keys,
      refs,
      payload: extendFrozenJson(body, statusChange(data, previousStateId)),
    });
  }
  return buildLinearEvents(input, parts);
}
