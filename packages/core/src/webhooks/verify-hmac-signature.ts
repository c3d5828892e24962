import type * as NodeCrypto from "node:crypto";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { nodeCrypto } from "../hash/node-crypto";

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
  prefix?: string | undefined;
  /** Hash algorithm: `sha256` (default), `sha1`, `sha384` or `sha512`. */
  algorithm?: string | undefined;
}

/**
 * Checks an HMAC signature in constant time against one or more secrets. Throws
 * {@link WebhookVerificationError} (`missing_signature` or `invalid_signature`) with a
 * message naming the header. Adapters use it for every HMAC scheme so the comparison,
 * rotation and error wording are the same everywhere.
 *
 * On Node it checks synchronously with `node:crypto` and returns `undefined`. On a
 * runtime without `node:crypto` (an edge runtime) it checks with Web Crypto
 * (`crypto.subtle.verify`, constant time) and returns a promise that rejects the same
 * way: return or await the result, as a `WebhookSource.verify` may.
 */
export function verifyHmacSignature(check: HmacSignatureCheck): void | Promise<void> {
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
  if (nodeCrypto) {
    if (!matchesWithNodeCrypto(nodeCrypto, check, check.signature)) throw mismatch(check);
    return undefined;
  }
  return verifyWithWebCrypto(check, check.signature);
}

function mismatch({ platform, header }: HmacSignatureCheck): WebhookVerificationError {
  return new WebhookVerificationError({
    platform,
    reason: "invalid_signature",
    message: `The ${header} signature does not match the body for any configured ${platform} secret.`,
  });
}

function matchesWithNodeCrypto(
  crypto: typeof NodeCrypto,
  check: HmacSignatureCheck,
  signature: string,
): boolean {
  const given = Buffer.from(signature.trim());
  const prefix = check.prefix ?? "";
  return check.secrets.some((secret) => {
    const digest = crypto
      .createHmac(check.algorithm ?? "sha256", secret)
      .update(check.payload)
      .digest("hex");
    const expected = Buffer.from(prefix + digest);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
}

/** Node's digest names as Web Crypto names them. */
const WEB_HASHES: Readonly<Record<string, string>> = {
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha384: "SHA-384",
  sha512: "SHA-512",
};

const LOWER_HEX = /^(?:[0-9a-f]{2})+$/;
const utf8 = new TextEncoder();

async function verifyWithWebCrypto(check: HmacSignatureCheck, signature: string): Promise<void> {
  const subtle = globalThis.crypto?.subtle;
  const hash = WEB_HASHES[(check.algorithm ?? "sha256").toLowerCase()];
  if (!subtle || !hash) {
    throw new WebhookVerificationError({
      platform: check.platform,
      reason: "invalid_signature",
      message: `${check.header} cannot be checked here: this runtime has neither node:crypto nor Web Crypto's HMAC ${check.algorithm ?? "sha256"}.`,
    });
  }
  const given = signature.trim();
  const prefix = check.prefix ?? "";
  const hex = given.startsWith(prefix) ? given.slice(prefix.length) : "";
  // The same text the Node path accepts: the prefix and a lower-case hex digest.
  if (!LOWER_HEX.test(hex)) throw mismatch(check);
  const digest = new Uint8Array(hex.length / 2);
  for (let index = 0; index < digest.length; index += 1) {
    digest[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  const payload = typeof check.payload === "string" ? utf8.encode(check.payload) : check.payload;
  for (const secret of check.secrets) {
    const key = await subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash }, false, [
      "verify",
    ]);
    // subtle.verify compares in constant time, and refuses a digest of the wrong length.
    if (await subtle.verify("HMAC", key, digest, payload as Uint8Array<ArrayBuffer>)) return;
  }
  throw mismatch(check);
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
