import type { WebhookRequest } from "@contexten/core";
import { assertFreshTimestamp, verifyHmacSignature } from "@contexten/core/adapter";
import { SLACK_WEBHOOK_HEADERS, SLACK_WEBHOOK_TOLERANCE_MS } from "./slack-webhook-headers";

const encoder = new TextEncoder();

/** The bytes Slack signs: `v0:<timestamp>:<raw body>`. */
export function slackSignedPayload(timestamp: string, body: string | Uint8Array): Uint8Array {
  const prefix = encoder.encode(`v0:${timestamp}:`);
  const raw = typeof body === "string" ? encoder.encode(body) : body;
  const bytes = new Uint8Array(prefix.length + raw.length);
  bytes.set(prefix);
  bytes.set(raw, prefix.length);
  return bytes;
}

/** Options of {@link verifySlackRequest}. */
export interface VerifySlackRequestOptions {
  /** Signing secrets to accept (several during rotation). */
  secrets: readonly string[];
  /** Now, epoch ms (injectable for tests). */
  nowMs: number;
  /** Largest accepted distance between the signed timestamp and now; default 5 minutes. */
  toleranceMs?: number | undefined;
}

/**
 * Verifies a request from Slack: the `X-Slack-Signature` header must be present, the
 * `X-Slack-Request-Timestamp` within the replay window, and the signature must match
 * the raw body for one of the secrets (constant-time comparison). Throws core's
 * `WebhookVerificationError` (`missing_signature`, `missing_timestamp`,
 * `stale_timestamp` or `invalid_signature`), which the webhook handler answers with 401.
 * Returns a promise only on a runtime without `node:crypto` (see core's
 * `verifyHmacSignature`).
 */
export function verifySlackRequest(
  request: Pick<WebhookRequest, "headers" | "rawBody">,
  options: VerifySlackRequestOptions,
): void | Promise<void> {
  const signature = request.headers.get(SLACK_WEBHOOK_HEADERS.signature);
  const check = {
    platform: "slack",
    header: "X-Slack-Signature",
    secrets: options.secrets,
    prefix: "v0=",
  };
  if (!signature) verifyHmacSignature({ ...check, signature, payload: "" });
  const timestamp = request.headers.get(SLACK_WEBHOOK_HEADERS.timestamp)?.trim() ?? "";
  assertFreshTimestamp({
    platform: "slack",
    source: "X-Slack-Request-Timestamp",
    timestampMs: /^\d{1,12}$/.test(timestamp) ? Number(timestamp) * 1000 : undefined,
    toleranceMs: options.toleranceMs ?? SLACK_WEBHOOK_TOLERANCE_MS,
    nowMs: options.nowMs,
  });
  // Synchronous on Node; a promise where node:crypto is missing (core's Web Crypto path).
  return verifyHmacSignature({
    ...check,
    signature,
    payload: slackSignedPayload(timestamp, request.rawBody),
  });
}
