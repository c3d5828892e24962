import type { CorrelatedEvent } from "@contexten/core";
import {
  extractReferences,
  firstLine,
  objectKey,
  readObject,
  readString,
  readUrl,
} from "@contexten/core/adapter";
import { buildLinearEvents, type LinearNormalizeInput, linearEventType } from "./linear-event-base";
import { parentRefs } from "./parent-refs";

/**
 * Comment events (`linear.comment.created` …): the event is `linear:comment:<uuid>`; it
 * refs its issue (identifier and UUID, evidence `attachment`) or other parent, and
 * whatever its body mentions (a PR URL, `Fixes ENG-9`, a Slack permalink).
 */
export function normalizeComment(input: LinearNormalizeInput): CorrelatedEvent[] {
  const body = input.delivery.body;
  const data = readObject(body, "data") ?? {};
  const id = readString(data, "id");
  const text = readString(data, "body");
  return buildLinearEvents(input, [
    {
      type: linearEventType(body.type, body.action),
      subject: {
        kind: "comment",
        id,
        url: readUrl(data, "url") ?? readUrl(body, "url"),
        title: firstLine(text, 120),
      },
      keys: [objectKey("linear", "comment", id)],
      refs: [
        ...parentRefs(data),
        ...extractReferences(text ?? "", { ...input.references, field: "body", evidence: "body" }),
      ],
    },
  ]);
}
