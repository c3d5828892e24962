import { createHash } from "node:crypto";

/**
 * A deterministic UUID (version 8, RFC 9562) from the given parts, so that the same
 * webhook delivery always yields the same event ids and redeliveries are idempotent.
 *
 * @example deriveEventId("github", deliveryId, 0)
 */
export function deriveEventId(...parts: readonly (string | number)[]): string {
  const digest = createHash("sha256").update(parts.map(String).join("\u0000")).digest();
  // Set version 8 and the RFC 4122 variant so the result is a valid UUID everywhere.
  digest[6] = (digest[6]! & 0x0f) | 0x80;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
