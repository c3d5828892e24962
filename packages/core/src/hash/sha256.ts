import type * as NodeCrypto from "node:crypto";
import { sha256 as sha256Js } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { nodeCrypto } from "./node-crypto";

const utf8 = new TextEncoder();

/**
 * SHA-256 of a string's UTF-8 bytes, synchronously. Core's one hash: event ids and
 * bounded correlation keys both go through here.
 *
 * Uses Node's one-shot `crypto.hash` where Node has it (≥ 20.12), else a `Hash` object;
 * where `node:crypto` is missing (edge runtimes, whose Web Crypto digest is asynchronous
 * only) it uses `@noble/hashes`, an audited pure JavaScript SHA-256. Lone surrogates are
 * hashed as U+FFFD, as UTF-8 encoding writes them.
 */
export const sha256: (input: string) => Uint8Array = nodeCrypto
  ? nativeSha256(nodeCrypto)
  : (input) => sha256Js(utf8.encode(input));

/** {@link sha256} as 64 lower-case hex characters. */
export const sha256Hex: (input: string) => string = nodeCrypto
  ? nativeSha256Hex(nodeCrypto)
  : (input) => bytesToHex(sha256(input));

function nativeSha256(crypto: typeof NodeCrypto): (input: string) => Uint8Array {
  return typeof crypto.hash === "function"
    ? (input) => crypto.hash("sha256", input, "buffer")
    : (input) => crypto.createHash("sha256").update(input).digest();
}

function nativeSha256Hex(crypto: typeof NodeCrypto): (input: string) => string {
  return typeof crypto.hash === "function"
    ? (input) => crypto.hash("sha256", input, "hex")
    : (input) => crypto.createHash("sha256").update(input).digest("hex");
}
