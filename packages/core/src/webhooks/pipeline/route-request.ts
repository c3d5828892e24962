import type { WebhookSource } from "../../contracts/webhook-source";
import { mediaTypeOf } from "../webhook-headers";
import { headersOnlyRequest, type InboundWebhook } from "./inbound-webhook";
import { refuse, type StepRefusal } from "./refusal";

/**
 * The first step: the method must be POST (405), a source must recognize the request by
 * its headers when there are several (401), and the content type must be one the source
 * accepts (415). Nothing has been read from the body yet.
 */
export function routeRequest(
  inbound: InboundWebhook,
  sources: readonly WebhookSource<unknown>[],
  receivedAt: Date,
): WebhookSource<unknown> | StepRefusal {
  if (inbound.method !== "POST") {
    return refuse(405, "method_not_allowed", "Webhooks must be sent with POST.", {
      allow: "POST",
    });
  }
  const source =
    sources.length === 1
      ? sources[0]!
      : sources.find((candidate) => candidate.matches(headersOnlyRequest(inbound, receivedAt)));
  if (!source) {
    const expected = sources.map((candidate) => candidate.platform).join(", ");
    return refuse(
      401,
      "webhook_verification_failed",
      `No configured webhook source (${expected}) recognizes this request; its signature headers are missing.`,
    );
  }
  const mediaType = mediaTypeOf(inbound.headers);
  if (!source.contentTypes.includes(mediaType)) {
    return refuse(
      415,
      "unsupported_media_type",
      `${source.platform} webhooks must be sent as ${source.contentTypes.join(" or ")}, not ${
        mediaType ? JSON.stringify(mediaType.slice(0, 100)) : "an unspecified content type"
      }.`,
    );
  }
  return source;
}
