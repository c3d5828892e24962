import { createHmac, timingSafeEqual } from "node:crypto";
import { WebhookVerificationError } from "../errors/webhook-verification-error";

/** Options for {@link verifyHmacSignature}. */
export interface HmacSignatureCheck {
  /** Platform, for error messages. */
  platform: string;
  /** Header the signature came from, for error messages (`X-Hub-Signature-256`). */
  header: string;
  /** The signature as sent, or null/undefined when the header was missing. */
  signature: string | null | undefined;
  /** Secrets to try, newest first; any match passes (secret rotation). */
  secrets: readonly string[];
  /** Exactly the bytes that were signed (raw body, or `v0:<ts>:<body>` for Slack). */
  payload: string | Uint8Array;
  /** Prefix before the hex digest, e.g. `sha256=` or `v0=`; empty for a bare digest. */
  prefix?: string;
  /** Hash algorithm (default `sha256`). */
  algorithm?: string;
}

/**
 * Checks an HMAC signature in constant time against one or more secrets. Throws
 * {@link WebhookVerificationError} (`missing_signature` or `invalid_signature`) with a
 * message naming the header. Adapters use it for every HMAC scheme so the comparison,
 * rotation and error wording are the same everywhere.
 */
export function verifyHmacSignature(check: HmacSignatureCheck): void {
  const { platform, header } = check;
  if (!check.signature) {
    throw new WebhookVerificationError({
      platform,
      reason: "missing_signature",
      message: `Missing ${header} header: is this request really from ${platform}, and is the webhook's secret set there?`,
    });
  }
  if (check.secrets.length === 0) {
    throw new WebhookVerificationError({
      platform,
      reason: "invalid_signature",
      message: `No ${platform} webhook secret is configured, so ${header} cannot be checked.`,
    });
  }
  const given = Buffer.from(check.signature.trim());
  const prefix = check.prefix ?? "";
  const matches = check.secrets.some((secret) => {
    const digest = createHmac(check.algorithm ?? "sha256", secret)
      .update(check.payload)
      .digest("hex");
    const expected = Buffer.from(prefix + digest);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches) {
    throw new WebhookVerificationError({
      platform,
      reason: "invalid_signature",
      message: `The ${header} signature does not match the body for any configured ${platform} secret.`,
    });
  }
}

/**
 * Rejects a signed timestamp too far from now (replay protection). `timestampMs` is the
 * platform's timestamp in milliseconds. Throws {@link WebhookVerificationError}
 * (`missing_timestamp` or `stale_timestamp`).
 */
export function assertFreshTimestamp(options: {
  platform: string;
  /** Where the timestamp came from, for messages (`X-Slack-Request-Timestamp`). */
  source: string;
  /** The timestamp in ms since the epoch; NaN or undefined when missing or unreadable. */
  timestampMs: number | undefined;
  /** Largest accepted distance from now, ms. */
  toleranceMs: number;
  /** Now, ms (injectable for tests). */
  nowMs?: number;
}): void {
  const { platform, source } = options;
  if (options.timestampMs === undefined || !Number.isFinite(options.timestampMs)) {
    throw new WebhookVerificationError({
      platform,
      reason: "missing_timestamp",
      message: `Missing or unreadable ${source}.`,
    });
  }
  const distance = Math.abs((options.nowMs ?? Date.now()) - options.timestampMs);
  if (distance > options.toleranceMs) {
    throw new WebhookVerificationError({
      platform,
      reason: "stale_timestamp",
      message: `${source} is ${Math.round(distance / 1000)} s away from now (limit ${Math.round(options.toleranceMs / 1000)} s): a replay, or this server's clock is off.`,
    });
  }
}
