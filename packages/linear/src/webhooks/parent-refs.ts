import { CorrelationKeys, type EventRef } from "@contexten/core";
import { linearObjectKey, objectField, stringField } from "./linear-event-base";

/**
 * Refs from a child object to the object Linear attached it to — a comment's issue (or
 * project update, or parent comment), an attachment's issue, a reaction's comment — with
 * evidence `attachment`: Linear itself linked them. Only such specific parents are
 * referenced; an issue never refs its project, cycle or labels, which would merge every
 * issue of a project into one correlation group.
 */
export function parentRefs(data: Record<string, unknown>, field = "data"): EventRef[] {
  const refs: EventRef[] = [];
  const add = (key: string, at: string) => refs.push({ key, evidence: "attachment", field: at });
  const issue = objectField(data, "issue");
  const identifier = stringField(issue, "identifier");
  if (identifier) add(CorrelationKeys.linearIssue(identifier), `${field}.issue.identifier`);
  const issueId = stringField(data, "issueId") ?? stringField(issue, "id");
  if (issueId) add(CorrelationKeys.linearIssueId(issueId), `${field}.issueId`);
  for (const [name, kind] of [
    ["commentId", "comment"],
    ["parentId", "comment"],
    ["projectUpdateId", "project_update"],
    ["initiativeUpdateId", "initiative_update"],
  ] as const) {
    const id = stringField(data, name);
    if (id) add(linearObjectKey(kind, id), `${field}.${name}`);
  }
  return refs;
}
