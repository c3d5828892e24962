import { createHash } from "node:crypto";

// Stands in for the key bounding of core's keys module until it lands: storable events
// import `boundCorrelationKey` from this file only, so switching to that implementation
// is one edit here.

/**
 * Longest correlation key, in UTF-8 bytes, that stores index. PostgreSQL's btree keeps at
 * most 2,704 bytes per index row, and an `event_keys` row also holds the event id.
 */
export const MAX_CORRELATION_KEY_BYTES = 1024;

function utf8Bytes(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * `key` itself when it fits {@link MAX_CORRELATION_KEY_BYTES}; otherwise its longest
 * prefix of whole characters that fits with `~` and 16 hex digits of the whole key's
 * SHA-256, so two long keys that share a prefix stay distinct and one key always bounds
 * to the same string.
 */
export function boundCorrelationKey(key: string): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4).
  if (key.length * 3 <= MAX_CORRELATION_KEY_BYTES) return key;
  let bytes = 0;
  for (const character of key) bytes += utf8Bytes(character.codePointAt(0)!);
  if (bytes <= MAX_CORRELATION_KEY_BYTES) return key;
  const suffix = `~${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
  const budget = MAX_CORRELATION_KEY_BYTES - suffix.length;
  let prefix = "";
  let used = 0;
  for (const character of key) {
    const size = utf8Bytes(character.codePointAt(0)!);
    if (used + size > budget) break;
    prefix += character;
    used += size;
  }
  return `${prefix}${suffix}`;
}

/** UTF-8 size of a string, for notes. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) bytes += utf8Bytes(character.codePointAt(0)!);
  return bytes;
}
