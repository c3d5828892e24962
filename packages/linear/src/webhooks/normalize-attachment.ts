import type { CorrelatedEvent } from "@contexten/core";
import {
  extractReferences,
  objectKey,
  readObject,
  readString,
  readUrl,
} from "@contexten/core/adapter";
import { buildLinearEvents, type LinearNormalizeInput, linearEventType } from "./linear-event-base";
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
  const data = readObject(body, "data") ?? {};
  const id = readString(data, "id");
  const link = readString(data, "url");
  const linked = extractReferences(link ?? "", { ...input.references, field: "data.url" }).map(
    (ref) => ({ ...ref, evidence: "attachment" as const }),
  );
  return buildLinearEvents(input, [
    {
      type: linearEventType(body.type, body.action),
      subject: {
        kind: "attachment",
        id,
        url: readUrl(data, "url") ?? readUrl(body, "url"),
        title: readString(data, "title"),
      },
      keys: [objectKey("linear", "attachment", id)],
      refs: [...parentRefs(data), ...linked],
    },
  ]);
}
