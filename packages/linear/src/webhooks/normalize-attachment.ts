import { type CorrelatedEvent, extractReferences, mergeReferences } from "@contexten/core";
import {
  type LinearNormalizeInput,
  linearEventType,
  linearObjectKey,
  stringField,
  toLinearEvents,
  urlField,
} from "./linear-event-base";
import { parentRefs } from "./parent-refs";

/**
 * Attachment events (`linear.attachment.created` …): a link Linear keeps on an issue —
 * a GitHub PR, a Sentry issue, a Slack message. The event is `linear:attachment:<uuid>`
 * and refs, all with evidence `attachment`, both ends: its issue and what its URL points
 * at (`github:pr:acme/api#42` for a PR URL, else the URL's key). So the issue and the PR
 * end up in one correlation group through the attachment.
 */
export function normalizeAttachment(input: LinearNormalizeInput): CorrelatedEvent[] {
  const body = input.delivery.body;
  const data = body.data ?? {};
  const id = String(data.id);
  const link = stringField(data, "url");
  const title = stringField(data, "title");
  const url = urlField(link, body.url);
  const linked = extractReferences(link ?? "", { ...input.references, field: "data.url" }).map(
    (ref) => ({ ...ref, evidence: "attachment" as const }),
  );
  return toLinearEvents(input, [
    {
      type: linearEventType(body.type, body.action),
      subject: { kind: "attachment", id, ...(url ? { url } : {}), ...(title ? { title } : {}) },
      keys: [linearObjectKey("attachment", id)],
      refs: mergeReferences(parentRefs(data), linked),
    },
  ]);
}
