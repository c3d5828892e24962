import { sha256 } from "../hash/sha256";

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
/**
 * Scratch space for one UUID's characters; ids are built one at a time, synchronously. A
 * Node `Buffer` where there is one (its latin1 decoding is the fastest way to a flat
 * string), plain bytes on runtimes without it (edge runtimes).
 */
const nodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const scratch: Uint8Array = nodeBuffer ? nodeBuffer.alloc(36) : new Uint8Array(36);
const decodeScratch: () => string = nodeBuffer
  ? () => (scratch as Buffer).toString("latin1")
  : () => String.fromCharCode(...scratch);

/**
 * A deterministic UUID (version 8, RFC 9562) from the given parts, so that the same
 * webhook delivery always yields the same event ids and redeliveries are idempotent.
 *
 * @example deriveEventId("github", deliveryId, 0)
 */
export function deriveEventId(...parts: readonly (string | number)[]): string {
  const digest = sha256(parts.join("\u0000"));
  // Set version 8 and the RFC 4122 variant so the result is a valid UUID everywhere.
  digest[6] = (digest[6]! & 0x0f) | 0x80;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  // Written byte by byte and decoded once, the id is one flat 36-character string:
  // concatenating slices would leave a rope of pieces, about six times larger, in every
  // stored id.
  let at = 0;
  for (let index = 0; index < 16; index += 1) {
    const hex = HEX[digest[index]!]!;
    scratch[at++] = hex.charCodeAt(0);
    scratch[at++] = hex.charCodeAt(1);
    if (index === 3 || index === 5 || index === 7 || index === 9) scratch[at++] = 0x2d;
  }
  return decodeScratch();
}
