import type { CorrelatedEvent, EventRef } from "@contexten/core";
import {
  objectKey,
  readObject,
  readString,
  readUrl,
  type SubjectParts,
} from "@contexten/core/adapter";
import { issueIdentifierOf } from "./issue-identifier";
import { buildLinearEvents, type LinearNormalizeInput, linearEventType } from "./linear-event-base";
import { parentRefs } from "./parent-refs";

/** Other objects an app user's notification or agent session may name, by field. */
const NAMED_OBJECTS = [
  ["parentCommentId", "comment"],
  ["sourceCommentId", "comment"],
  ["documentId", "document"],
  ["projectId", "project"],
] as const;

/**
 * What an app user's notification or agent session names: its issue (identifier and
 * UUID), its comment, parent comment, project update, document or project, all with
 * evidence `attachment` (Linear itself tied them together).
 */
function namedObjectRefs(object: Record<string, unknown>, field: string): EventRef[] {
  const refs = parentRefs(object, field);
  for (const [name, kind] of NAMED_OBJECTS) {
    const key = objectKey("linear", kind, readString(object, name));
    if (key) refs.push({ key, evidence: "attachment", field: `${field}.${name}` });
  }
  return refs;
}

function subjectOf(
  kind: string,
  object: Record<string, unknown>,
  fallbackUrl: string | undefined,
): SubjectParts {
  const issue = readObject(object, "issue");
  return {
    kind,
    id: readString(object, "id"),
    key: issue ? issueIdentifierOf(issue) : undefined,
    url: readUrl(object, "url") ?? readUrl(issue, "url") ?? fallbackUrl,
    title: readString(issue, "title") ?? readString(object, "summary"),
  };
}

/**
 * The normalizer of a webhook about one object that is not in `data`: the event is
 * `linear:<kind>:<uuid>` of the object in `field`, and refs what that object names.
 */
function normalizeObjectIn(
  field: string,
  kind: string,
): (input: LinearNormalizeInput) => CorrelatedEvent[] {
  return (input) => {
    const body = input.delivery.body;
    const object = readObject(body, field) ?? {};
    return buildLinearEvents(input, [
      {
        type: linearEventType(body.type, body.action),
        subject: subjectOf(kind, object, readUrl(body, "url")),
        keys: [objectKey("linear", kind, readString(object, "id"))],
        refs: namedObjectRefs(object, field),
      },
    ]);
  };
}

/**
 * `AppUserNotification` (an app user was mentioned, assigned, …; the action is the
 * notification type): `linear.app_user_notification.<action>`, e.g.
 * `linear.app_user_notification.issue_comment_mention`. The event is
 * `linear:notification:<uuid>` and refs the issue the notification is about (and its
 * comment), so it joins that issue's correlation group.
 */
export const normalizeAppUserNotification = normalizeObjectIn("notification", "notification");

/**
 * `AgentSessionEvent` (an agent was mentioned or delegated an issue, or prompted again):
 * `linear.agent_session_event.<action>` (`created`, `prompted`). Every event of a session
 * is `linear:agent_session:<uuid>`, so a session's events share a group, and it refs the
 * session's issue and comment.
 */
export const normalizeAgentSessionEvent = normalizeObjectIn("agentSession", "agent_session");
