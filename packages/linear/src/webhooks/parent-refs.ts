import { CorrelationKeys, type EventRef } from "@contexten/core";
import { objectKey, readObject, readString } from "@contexten/core/adapter";

/** Fields naming a parent object, and the kind of its key. */
const PARENT_FIELDS = [
  ["commentId", "comment"],
  ["parentId", "comment"],
  ["projectUpdateId", "project_update"],
  ["initiativeUpdateId", "initiative_update"],
] as const;

/**
 * Refs from a child object to the object Linear attached it to — a comment's issue (or
 * project update, parent comment, or the document it was made on), an attachment's
 * issue, a reaction's comment — with
 * evidence `attachment`: Linear itself linked them. Only such specific parents are
 * referenced; an issue never refs its project, cycle or labels, which would merge every
 * issue of a project into one correlation group.
 */
export function parentRefs(data: Record<string, unknown>, field = "data"): EventRef[] {
  const refs: EventRef[] = [];
  const add = (key: string | undefined, at: string) => {
    if (key) refs.push({ key, evidence: "attachment", field: at });
  };
  const issue = readObject(data, "issue");
  const identifier = readString(issue, "identifier");
  if (identifier) add(CorrelationKeys.linearIssue(identifier), `${field}.issue.identifier`);
  const issueId = readString(data, "issueId") ?? readString(issue, "id");
  if (issueId) add(CorrelationKeys.linearIssueId(issueId), `${field}.issueId`);
  for (const [name, kind] of PARENT_FIELDS) {
    add(objectKey("linear", kind, readString(data, name)), `${field}.${name}`);
  }
  // A comment on a document (or on a project's overview) names it inside documentContent.
  for (const kind of ["document", "project"] as const) {
    const id = readString(data, "documentContent", kind, "id");
    add(objectKey("linear", kind, id), `${field}.documentContent.${kind}.id`);
  }
  return refs;
}
