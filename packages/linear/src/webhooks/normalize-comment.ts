import { type CorrelatedEvent, extractReferences, mergeReferences } from "@contexten/core";
import {
  type LinearNormalizeInput,
  linearEventType,
  linearObjectKey,
  stringField,
  titleOf,
  toLinearEvents,
  urlField,
} from "./linear-event-base";
import { parentRefs } from "./parent-refs";

/**
 * Comment events (`linear.comment.created` …): the event is `linear:comment:<uuid>`; it
 * refs its issue (identifier and UUID, evidence `attachment`) or other parent, and
 * whatever its body mentions (a PR URL, `Fixes ENG-9`, a Slack permalink).
 */
export function normalizeComment(input: LinearNormalizeInput): CorrelatedEvent[] {
  const body = input.delivery.body;
  const data = body.data ?? {};
  const id = String(data.id);
  const text = stringField(data, "body");
  const url = urlField(stringField(data, "url"), body.url);
  const title = titleOf(text);
  return toLinearEvents(input, [
    {
      type: linearEventType(body.type, body.action),
      subject: { kind: "comment", id, ...(url ? { url } : {}), ...(title ? { title } : {}) },
      keys: [linearObjectKey("comment", id)],
      refs: mergeReferences(
        parentRefs(data),
        extractReferences(text ?? "", { ...input.references, field: "body", evidence: "body" }),
      ),
    },
  ]);
}
