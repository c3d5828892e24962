import { type BodyLimits, BodyReadError, type InboundWebhook } from "./inbound-webhook";
import { refuse, type StepRefusal } from "./refusal";

/**
 * Reads the body within the size limit (413) and the body deadline (408). A client that
 * went away mid-body gets `undefined`: there is nobody left to answer. A body a framework
 * consumed before the handler is a setup error (500 `raw_body_unavailable`, with the fix).
 */
export async function readRequestBody(
  inbound: InboundWebhook,
  limits: BodyLimits,
): Promise<Uint8Array | StepRefusal | undefined> {
  try {
    return await inbound.readBody(limits);
  } catch (error) {
    const reason = error instanceof BodyReadError ? error.reason : "aborted";
    if (reason === "unavailable") {
      return refuse(500, "raw_body_unavailable", (error as BodyReadError).message);
    }
    if (reason === "too_large") {
      return refuse(
        413,
        "payload_too_large",
        `Webhook body exceeds the ${limits.maxBytes}-byte limit.`,
        {
          connection: "close",
        },
      );
    }
    if (reason === "timeout") {
      return refuse(
        408,
        "body_timeout",
        `The webhook body did not arrive within ${limits.timeoutMs} ms.`,
        { connection: "close" },
      );
    }
    return undefined;
  }
}
