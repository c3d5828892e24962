import { deepFreezeMeasuringDepth } from "./deep-freeze";

/** What {@link parseFrozenJson} remembers about a value it parsed. */
export interface ReceivedJson {
  /** The exact text the value was parsed from. */
  readonly text: string;
  /** How deep the value nests (the top-level container is depth 1). */
  readonly depth: number;
}

/**
 * Where a frozen JSON object keeps what it was parsed from: a non-enumerable symbol
 * property, invisible to `JSON.stringify`, spreading, `Object.keys` and equality checks.
 * (Not a `WeakMap`: the garbage collector's young generation keeps a `WeakMap`'s values
 * alive as long as their keys are young, so every received text would be copied at least
 * once more.)
 */
const RECEIVED: unique symbol = Symbol("contexten.receivedJson");

type Received = { [RECEIVED]?: ReceivedJson };

/** Attaches `received` to a value that is not frozen yet. */
function remember(value: object, received: ReceivedJson): void {
  Object.defineProperty(value, RECEIVED, { value: received });
}

function receivedOf(value: object): ReceivedJson | undefined {
  return Object.hasOwn(value, RECEIVED) ? (value as Received)[RECEIVED] : undefined;
}

/**
 * Parses JSON text, deep-freezes the result and remembers the text it came from (and how
 * deep it nests), so a store can keep the received text instead of serializing the value
 * again (see {@link jsonTextOf}). Freezing is what makes that safe: the value can never
 * drift from its text. Throws the `SyntaxError` of `JSON.parse`.
 */
export function parseFrozenJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value === "object" && value !== null) {
    const received = { text, depth: 0 };
    remember(value, received);
    received.depth = deepFreezeMeasuringDepth(value);
  }
  return value;
}

/**
 * The text a value was parsed from by {@link parseFrozenJson}, and its depth; `undefined`
 * for any other value. Lets a check of the payload read its received text instead of
 * walking it.
 */
export function receivedJsonOf(value: unknown): ReceivedJson | undefined {
  return typeof value === "object" && value !== null ? receivedOf(value) : undefined;
}

/**
 * The JSON text of a value: the text it was parsed from when it came from
 * {@link parseFrozenJson} (same data, no second serialization), otherwise
 * `JSON.stringify(value)`.
 */
export function jsonTextOf(value: unknown): string {
  return (
    (typeof value === "object" && value !== null && receivedOf(value)?.text) ||
    JSON.stringify(value)
  );
}

/**
 * A frozen copy of a JSON object with top-level fields added (or replaced), as
 * `{ ...base, ...fields }`. When `base` came from {@link parseFrozenJson}, the copy's text
 * is the base's received text with the fields appended before its closing brace, so a
 * store keeps it without serializing the base again: a payload nested deeper than
 * `JSON.stringify` can recurse still stores. (A replaced field appears twice in that
 * text; `JSON.parse` keeps the last, which is the new value, in the old place, exactly
 * like the spread.) Fields whose value is `undefined` (or anything else JSON cannot hold)
 * are left out of the text, as `JSON.stringify` would. Use it to give one event of a
 * delivery a payload with a few derived fields.
 */
export function extendFrozenJson(
  base: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  // The base's own values are frozen already when it came from parseFrozenJson, and are
  // the caller's otherwise: only the new object and the added fields are frozen here.
  // The depth of a field the caller froze before is not measured (its parts are skipped);
  // derived fields are shallow, and the base's depth is what matters for storage.
  let fieldDepth = 0;
  for (const field of Object.values(fields)) {
    if (typeof field === "object" && field !== null) {
      fieldDepth = Math.max(fieldDepth, deepFreezeMeasuringDepth(field));
    }
  }
  const value = { ...base, ...fields };
  const received = receivedOf(base);
  if (received === undefined) return Object.freeze(value);
  const added: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const json = JSON.stringify(field);
    if (json !== undefined) added.push(`${JSON.stringify(name)}:${json}`);
  }
  if (added.length === 0) {
    remember(value, received);
    return Object.freeze(value);
  }
  const close = received.text.lastIndexOf("}");
  const separator = Object.keys(base).length > 0 ? "," : "";
  remember(value, {
    text: `${received.text.slice(0, close)}${separator}${added.join(",")}}`,
    depth: Math.max(received.depth, 1 + fieldDepth),
  });
  return Object.freeze(value);
}
