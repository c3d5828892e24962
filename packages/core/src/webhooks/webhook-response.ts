import type { WebhookReply } from "../contracts/webhook-source";

/** Stable codes in webhook error responses. */
export type WebhookErrorCode =
  | "method_not_allowed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "webhook_verification_failed"
  | "validation_failed"
  | "store_unavailable"
  | "source_failed"
  | "raw_body_unavailable";

/** Builds a JSON response `{ "error": { code, message } }`. */
export function errorResponse(
  status: number,
  code: WebhookErrorCode | string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Turns a source's {@link WebhookReply} into a `Response` (JSON unless the body is a string). */
export function replyToResponse(reply: WebhookReply): Response {
  const status = reply.status ?? 200;
  if (reply.body === undefined) {
    return new Response(null, { status, headers: reply.headers });
  }
  if (typeof reply.body === "string") {
    return new Response(reply.body, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", ...reply.headers },
    });
  }
  return new Response(JSON.stringify(reply.body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...reply.headers },
  });
}
