import { createHmac } from "node:crypto";
import type { WebhookRequest } from "@contexten/core";
import { assertFreshTimestamp, verifyHmacSignature } from "@contexten/core/adapter";

/** Header carrying Slack's `v0=` signature. */
export const SLACK_SIGNATURE_HEADER = "x-slack-signature";
/** Header carrying the signed timestamp, epoch seconds. */
export const SLACK_TIMESTAMP_HEADER = "x-slack-request-timestamp";
/** Slack's replay window: requests signed more than 5 minutes from now are refused. */
export const SLACK_SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** The bytes Slack signs: `v0:<timestamp>:<raw body>`. */
function signedPayload(timestamp: string, body: string | Uint8Array): Buffer {
  const raw = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  return Buffer.concat([Buffer.from(`v0:${timestamp}:`, "utf8"), raw]);
}

/**
 * Computes Slack's request signature, `v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">`,
 * as Slack sends it in `X-Slack-Signature`. For tests and replays; verification uses
 * {@link verifySlackRequest}.
 */
export function computeSlackSignature(
  signingSecret: string,
  timestamp: string | number,
  body: string | Uint8Array,
): string {
  const digest = createHmac("sha256", signingSecret)
    .update(signedPayload(String(timestamp), body))
    .digest("hex");
  return `v0=${digest}`;
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
  const signature = request.headers.get(SLACK_SIGNATURE_HEADER);
  const check = {
    platform: "slack",
    header: "X-Slack-Signature",
    secrets: options.secrets,
    prefix: "v0=",
  };
  if (!signature) verifyHmacSignature({ ...check, signature, payload: "" });
  const timestamp = request.headers.get(SLACK_TIMESTAMP_HEADER)?.trim() ?? "";
  assertFreshTimestamp({
    platform: "slack",
    source: "X-Slack-Request-Timestamp",
    timestampMs: /^\d{1,12}$/.test(timestamp) ? Number(timestamp) * 1000 : undefined,
    toleranceMs: options.toleranceMs ?? SLACK_SIGNATURE_TOLERANCE_MS,
    nowMs: options.nowMs,
  });
  // Synchronous on Node; a promise where node:crypto is missing (core's Web Crypto path).
  return verifyHmacSignature({
    ...check,
    signature,
    payload: signedPayload(timestamp, request.rawBody),
  });
}
