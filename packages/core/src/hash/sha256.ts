import * as crypto from "node:crypto";

/**
 * SHA-256 of a string's UTF-8 bytes, synchronously. Core's one hash: event ids and
 * bounded correlation keys both go through here, so moving to a pure-JS hash (for a
 * runtime without `node:crypto`) is a change to this file only.
 *
 * Uses the one-shot `crypto.hash` where Node has it (≥ 20.12), else a `Hash` object.
 * Lone surrogates are hashed as U+FFFD, as UTF-8 encoding writes them.
 */
export const sha256: (input: string) => Uint8Array =
  typeof crypto.hash === "function"
    ? (input) => crypto.hash("sha256", input, "buffer")
    : (input) => crypto.createHash("sha256").update(input).digest();

/** {@link sha256} as 64 lower-case hex characters. */
export const sha256Hex: (input: string) => string =
  typeof crypto.hash === "function"
    ? (input) => crypto.hash("sha256", input, "hex")
    : (input) => crypto.createHash("sha256").update(input).digest("hex");
