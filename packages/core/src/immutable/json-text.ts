import { deepFreeze } from "./deep-freeze";

/** Frozen JSON objects and the exact text each was parsed from. */
const sources = new WeakMap<object, string>();

/**
 * Parses JSON text, deep-freezes the result and remembers the text it came from, so a
 * store can keep the received text instead of serializing the value again (see
 * {@link jsonTextOf}). Freezing is what makes that safe: the value can never drift from
 * its text. Throws the `SyntaxError` of `JSON.parse`.
 */
export function parseFrozenJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value === "object" && value !== null) {
    deepFreeze(value);
    sources.set(value, text);
  }
  return value;
}

/**
 * The exact text a value was parsed from by {@link parseFrozenJson}; `undefined` for any
 * other value. Lets a check of the payload read its received text instead of walking it.
 */
export function receivedJsonTextOf(value: unknown): string | undefined {
  return typeof value === "object" && value !== null ? sources.get(value) : undefined;
}

/**
 * The JSON text of a value: the text it was parsed from when it came from
 * {@link parseFrozenJson} (same data, no second serialization), otherwise
 * `JSON.stringify(value)`.
 */
export function jsonTextOf(value: unknown): string {
  return (
    (typeof value === "object" && value !== null && sources.get(value)) || JSON.stringify(value)
  );
}
