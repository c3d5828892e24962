import { createHash } from "node:crypto";

const UUID_GROUPS = /^(.{8})(.{4})(.{4})(.{4})(.{12})$/;

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
  // One regular-expression replace yields a flat 36-character string; slicing and
  // concatenating would leave a rope of slices pinning the digest, several times larger,
  // in every stored id.
  return digest.subarray(0, 16).toString("hex").replace(UUID_GROUPS, "$1-$2-$3-$4-$5");
}
