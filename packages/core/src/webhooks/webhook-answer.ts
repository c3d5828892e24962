import type { WebhookReply } from "../contracts/webhook-source";

/** Stable codes in webhook error responses. */
export type WebhookErrorCode =
  | "method_not_allowed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "body_timeout"
  | "webhook_verification_failed"
  | "validation_failed"
  | "event_invalid"
  | "store_unavailable"
  | "shutting_down"
  | "source_failed"
  | "raw_body_unavailable"
  | "internal_error";

/**
 * A response before it becomes a Fetch `Response` or is written to a Node response: the
 * pipeline's steps return these (and refusals as {@link WebhookRefusal}), so the Node path
 * writes the bytes once without building Web objects.
 */
export interface WebhookAnswer {
  /** HTTP status. */
  status: number;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
  /** Body text or bytes, or `undefined` for an empty body. */
  body: string | Uint8Array | undefined;
}

/** Why a request was refused or failed: what the error body carries. */
export interface WebhookRefusal {
  /** HTTP status. */
  status: number;
  /** Stable code. */
  code: WebhookErrorCode;
  /** What went wrong and what to do, safe to show to the sender. */
  message: string;
  /** Extra headers, e.g. `allow` for 405. */
  headers?: Record<string, string>;
}

const JSON_TYPE = "application/json; charset=utf-8";

/** A JSON answer. */
export function jsonAnswer(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): WebhookAnswer {
  return {
    status,
    headers: { "content-type": JSON_TYPE, ...headers },
    body: JSON.stringify(value),
  };
}

/** The JSON error answer `{ "error": { code, message } }` for a refusal. */
export function refusalAnswer(refusal: WebhookRefusal): WebhookAnswer {
  return jsonAnswer(
    refusal.status,
    { error: { code: refusal.code, message: refusal.message } },
    refusal.headers,
  );
}

/** A source's {@link WebhookReply} as an answer (JSON unless the body is a string). */
export function replyAnswer(reply: WebhookReply): WebhookAnswer {
  const status = reply.status ?? 200;
  if (reply.body === undefined) return { status, headers: { ...reply.headers }, body: undefined };
  if (typeof reply.body === "string") {
    return {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", ...reply.headers },
      body: reply.body,
    };
  }
  return jsonAnswer(status, reply.body, reply.headers);
}

/** The answer as a Fetch `Response`. */
export function answerToResponse(answer: WebhookAnswer): Response {
  return new Response((answer.body as ConstructorParameters<typeof Response>[0]) ?? null, {
    status: answer.status,
    headers: answer.headers,
  });
}

/**
 * Builds a JSON error response `{ "error": { code, message } }`: the shape every webhook
 * refusal has, for routes of your own that should answer the same way.
 */
export function errorResponse(
  status: number,
  code: WebhookErrorCode | string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return answerToResponse(jsonAnswer(status, { error: { code, message } }, headers));
}

/** Turns a source's {@link WebhookReply} into a `Response` (JSON unless the body is a string). */
export function replyToResponse(reply: WebhookReply): Response {
  return answerToResponse(replyAnswer(reply));
}
