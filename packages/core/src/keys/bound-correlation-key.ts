import { sha256Hex } from "../hash/sha256";

/**
 * The most UTF-8 bytes a correlation key built by contexten takes. Stores index every key
 * (PostgreSQL's `event_keys` primary key is `(key, kind, event_id)`, and a btree row must
 * stay under about 2,700 bytes), so keys are kept far below that whatever the input:
 * see {@link boundCorrelationKey}.
 */
export const MAX_CORRELATION_KEY_BYTES = 512;

/** Hex characters of the SHA-256 digest that replace an over-long key's tail (128 bits). */
const DIGEST_HEX_LENGTH = 32;
/** Separates the readable prefix from the digest: `<prefix>~<32 hex>`. */
const DIGEST_MARK = "~";
const PREFIX_BUDGET = MAX_CORRELATION_KEY_BYTES - DIGEST_MARK.length - DIGEST_HEX_LENGTH;

/** Anything a store cannot keep as it is: whitespace, NUL, or a surrogate (maybe lone). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters to find.
const NEEDS_CLEANING = /[\s\u0000\uD800-\uDFFF]/;
/** Whitespace, NUL, and lone surrogates only (a complete pair is left alone). */
const UNSTORABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters to find.
  /[\s\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes a correlation key fit every store, the same way on every platform:
 *
 * - whitespace and NUL are percent-encoded (`a b` → `a%20b`, `\u0000` → `%00`): keys never
 *   hold whitespace, and PostgreSQL text cannot hold NUL;
 * - a lone surrogate (broken UTF-16) becomes U+FFFD, as UTF-8 encoding would store it;
 * - a key longer than {@link MAX_CORRELATION_KEY_BYTES} UTF-8 bytes keeps its first bytes
 *   (cut between characters) and ends with `~` and 32 hex characters of the SHA-256 of the
 *   whole key, so the result is exactly as long as the limit allows.
 *
 * The same input always gives the same key, so two platforms that name one long branch or
 * URL still meet on it, and distinct long keys stay distinct (128 bits of digest).
 * Idempotent: a key that already fits comes back unchanged. Every `CorrelationKeys`
 * builder and `platformObjectKey` apply it; call it yourself on a key you build by hand.
 * It does not fix a key's shape: the namespace must still be a lower-case identifier
 * followed by `:` (see `correlationKeySchema`).
 *
 * @example boundCorrelationKey(`github:branch:acme/api:${"x".repeat(600)}`)
 * // "github:branch:acme/api:xxx…x~3f0a…" (512 bytes)
 */
export function boundCorrelationKey(key: string): string {
  const clean = NEEDS_CLEANING.test(key) ? key.replace(UNSTORABLE, storableCharacter) : key;
  // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4), so most keys
  // are known to fit without counting.
  if (clean.length * 3 <= MAX_CORRELATION_KEY_BYTES) return clean;
  const end = utf8PrefixEnd(clean, PREFIX_BUDGET);
  if (end === clean.length) return clean;
  // The key may still fit: the prefix budget leaves room for the digest.
  if (utf8PrefixEnd(clean, MAX_CORRELATION_KEY_BYTES) === clean.length) return clean;
  return `${clean.slice(0, end)}${DIGEST_MARK}${sha256Hex(clean).slice(0, DIGEST_HEX_LENGTH)}`;
}

function storableCharacter(character: string): string {
  const code = character.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdfff ? "\uFFFD" : encodeURIComponent(character);
}

/**
 * The largest index at which `text` (well-formed UTF-16) can be cut so that the part before
 * it takes at most `budget` UTF-8 bytes; never inside a surrogate pair.
 */
function utf8PrefixEnd(text: string, budget: number): number {
  let bytes = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    const isPair = code >= 0xd800 && code <= 0xdbff && index + 1 < text.length;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : isPair ? 4 : 3;
    if (bytes + size > budget) return index;
    bytes += size;
    index += isPair ? 2 : 1;
  }
  return index;
}
