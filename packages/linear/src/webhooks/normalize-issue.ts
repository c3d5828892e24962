import {
  type CorrelatedEvent,
  CorrelationKeys,
  EventTypes,
  extractReferences,
  mergeReferences,
} from "@contexten/core";
import { categoryOfStateType } from "../issues/issue-mapping";
import {
  type LinearEventParts,
  type LinearNormalizeInput,
  linearEventType,
  objectField,
  stringField,
  toLinearEvents,
  urlField,
} from "./linear-event-base";

/** Event type of a status change, emitted beside `linear.issue.updated`. */
export const LINEAR_ISSUE_STATUS_CHANGED = "linear.issue.status_changed";

/**
 * The keys an issue *is*: `linear:issue:<identifier>`, one per `previousIdentifiers`
 * entry, and `linear:issue-id:<uuid>`. Empty when `data` has no id and identifier.
 */
export function issueIdentityKeys(data: Record<string, unknown>): string[] {
  const id = stringField(data, "id");
  const identifier = stringField(data, "identifier");
  if (!id || !identifier) return [];
  const previous = Array.isArray(data.previousIdentifiers)
    ? data.previousIdentifiers.filter((value): value is string => typeof value === "string")
    : [];
  return [
    CorrelationKeys.linearIssue(identifier),
    ...previous.map((name) => CorrelationKeys.linearIssue(name)),
    CorrelationKeys.linearIssueId(id),
  ];
}

/**
 * Issue `create` / `update` / `remove` (and other actions). The event *is* the issue
 * under every name it has had: `linear:issue:<identifier>`, `linear:issue:<previous>` for
 * each `previousIdentifiers` entry (so a PR naming `ENG-123` still meets the issue after
 * it became `OPS-7`), and `linear:issue-id:<uuid>`. It refs what its title and
 * description mention. An update whose `updatedFrom` holds `stateId` also yields
 * `linear.issue.status_changed` with `from` (the previous state id; Linear sends only
 * the id) and `to` (id, name, type and normalized category).
 */
export function normalizeIssue(input: LinearNormalizeInput): CorrelatedEvent[] {
  const body = input.delivery.body;
  const data = body.data ?? {};
  const id = String(data.id);
  const identifier = String(data.identifier);
  const title = stringField(data, "title");
  const keys = issueIdentityKeys(data);
  const refs = mergeReferences(
    extractReferences(title ?? "", { ...input.references, field: "title", evidence: "title" }),
    extractReferences(stringField(data, "description") ?? "", {
      ...input.references,
      field: "description",
      evidence: "body",
    }),
  );
  const url = urlField(stringField(data, "url"), body.url);
  const subject = {
    kind: "issue",
    id,
    key: identifier,
    ...(url ? { url } : {}),
    ...(title ? { title } : {}),
  };
  const type =
    body.action === "create"
      ? EventTypes.LINEAR_ISSUE_CREATED
      : body.action === "update"
        ? EventTypes.LINEAR_ISSUE_UPDATED
        : linearEventType(body.type, body.action);
  const parts: LinearEventParts[] = [{ type, subject, keys, refs }];
  const previousStateId = stringField(body.updatedFrom, "stateId");
  if (body.action === "update" && previousStateId) {
    const state = objectField(data, "state");
    const stateType = stringField(state, "type");
    parts.push({
      type: LINEAR_ISSUE_STATUS_CHANGED,
      subject,
      keys,
      refs,
      payload: {
        ...body,
        from: { id: previousStateId },
        to: {
          id: stringField(state, "id") ?? stringField(data, "stateId"),
          name: stringField(state, "name"),
          type: stateType,
          ...(stateType ? { category: categoryOfStateType(stateType) } : {}),
        },
      },
    });
  }
  return toLinearEvents(input, parts);
}
