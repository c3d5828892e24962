import { deepFreezeMeasuringDepth } from "./deep-freeze";

/** What {@link parseFrozenJson} remembers about a value it parsed. */
export interface ReceivedJson {
  /** The exact text the value was parsed from. */
  readonly text: string;
  /** How deep the value nests (the top-level container is depth 1). */
  readonly depth: number;
}

/** Frozen JSON objects and what they were parsed from. */
const sources = new WeakMap<object, ReceivedJson>();

/**
 * Parses JSON text, deep-freezes the result and remembers the text it came from (and how
 * deep it nests), so a store can keep the received text instead of serializing the value
 * again (see {@link jsonTextOf}). Freezing is what makes that safe: the value can never
 * drift from its text. Throws the `SyntaxError` of `JSON.parse`.
 */
export function parseFrozenJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value === "object" && value !== null) {
    sources.set(value, { text, depth: deepFreezeMeasuringDepth(value) });
  }
  return value;
}

/**
 * The text a value was parsed from by {@link parseFrozenJson}, and its depth; `undefined`
 * for any other value. Lets a check of the payload read its received text instead of
 * walking it.
 */
export function receivedJsonOf(value: unknown): ReceivedJson | undefined {
  return typeof value === "object" && value !== null ? sources.get(value) : undefined;
}

/**
 * The JSON text of a value: the text it was parsed from when it came from
 * {@link parseFrozenJson} (same data, no second serialization), otherwise
 * `JSON.stringify(value)`.
 */
export function jsonTextOf(value: unknown): string {
  return (
    (typeof value === "object" && value !== null && sources.get(value)?.text) ||
    JSON.stringify(value)
  );
}
