import { ValidationError } from "../errors/validation-error";

/** A value JSON can hold. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** The key that marks a tagged value: `{ "$contexten": "date", "value": "2030-01-01T…" }`. */
const TAG = "$contexten";
/** A user key made only of `$` signs and `contexten` is escaped by one more `$`. */
const ESCAPED_TAG = /^\$+contexten$/;

/** Keys that could change an object's prototype or reach `Object.prototype` in later merges. */
function isDangerousKey(key: string, value: unknown): boolean {
  if (key === "__proto__") return true;
  // `{ constructor: { prototype: … } }` poisons code that merges with bracket access.
  return (
    key === "constructor" &&
    typeof value === "object" &&
    value !== null &&
    Object.hasOwn(value, "prototype")
  );
}

function encodeError(path: string, what: string): ValidationError {
  return new ValidationError({
    message: `Cannot store ${what} at ${path || "the top level"}: only JSON values, Dates, Uint8Arrays and BigInts can be shared between instances.`,
    issues: [{ path, message: `unsupported ${what}` }],
  });
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

function encode(value: unknown, path: string, seen: Set<object>): JsonValue | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      // JSON has no NaN or Infinity; JSON.stringify writes null for them, so do we.
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return { [TAG]: "bigint", value: value.toString() };
    case "undefined":
      return undefined;
    case "function":
    case "symbol":
      throw encodeError(path, `a ${typeof value}`);
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Date) {
    const time = object.getTime();
    return { [TAG]: "date", value: Number.isNaN(time) ? null : object.toISOString() };
  }
  if (object instanceof Uint8Array) return { [TAG]: "bytes", value: toBase64(object) };
  if (seen.has(object)) throw encodeError(path, "a circular reference");
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      return object.map((item, index) => encode(item, `${path}[${index}]`, seen) ?? null);
    }
    const prototype = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      throw encodeError(path, `an instance of ${object.constructor?.name ?? "a class"}`);
    }
    const result: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(object)) {
      const encoded = encode(item, path ? `${path}.${key}` : key, seen);
      if (encoded === undefined) continue;
      result[ESCAPED_TAG.test(key) ? `$${key}` : key] = encoded;
    }
    return result;
  } finally {
    seen.delete(object);
  }
}

/**
 * Turns a value into plain JSON that {@link fromTaggedJson} turns back into an equal
 * value: JSON values as they are, and `Date`, `Uint8Array` (and `Buffer`) and `bigint` as
 * small tagged objects, so they survive a trip through Redis or a PostgreSQL `jsonb`
 * column. `undefined` properties are dropped, as `JSON.stringify` does. Throws a
 * `ValidationError` for what cannot be restored faithfully: functions, symbols, class
 * instances other than those above, and circular references.
 */
export function toTaggedJson(value: unknown): JsonValue {
  return encode(value, "", new Set()) ?? null;
}

function decodeTag(tag: unknown, value: unknown): unknown {
  if (tag === "date") return new Date(typeof value === "string" ? value : Number.NaN);
  if (tag === "bytes" && typeof value === "string") {
    return new Uint8Array(Buffer.from(value, "base64"));
  }
  if (tag === "bigint" && typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  throw new ValidationError({
    message: `Cannot read a stored value: unknown tag ${JSON.stringify(tag)}. It was written by a newer contexten, or not by contexten.`,
    issues: [{ path: TAG, message: "unknown tag" }],
  });
}

function decode(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(decode);
  const source = value as Record<string, unknown>;
  if (Object.hasOwn(source, TAG)) return decodeTag(source[TAG], source.value);
  // Rebuilt key by key into a fresh object: a `__proto__` own property that JSON.parse
  // created is never copied, so nothing downstream can reach a prototype through it.
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const item = source[key];
    if (isDangerousKey(key, item)) continue;
    result[ESCAPED_TAG.test(key) ? key.slice(1) : key] = decode(item);
  }
  return result;
}

/**
 * The inverse of {@link toTaggedJson}: restores `Date`, `Uint8Array` and `bigint` values
 * and builds every object afresh. Keys that could poison prototypes in later merges
 * (`__proto__`, and `constructor` holding a `prototype`) are dropped, the rule
 * `secure-json-parse` applies, so parsed input from a shared store is safe to spread or
 * merge.
 */
export function fromTaggedJson<Value = unknown>(json: unknown): Value {
  return decode(json) as Value;
}

/** `JSON.stringify(toTaggedJson(value))`: a value as one string for a key-value store. */
export function stringifyTagged(value: unknown): string {
  return JSON.stringify(toTaggedJson(value));
}

/** `fromTaggedJson(JSON.parse(text))`; throws a `ValidationError` on text that is not JSON. */
export function parseTagged<Value = unknown>(text: string): Value {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError({
      message: `Cannot read a stored value: it is not JSON (${(error as Error).message}).`,
      cause: error,
    });
  }
  return fromTaggedJson<Value>(json);
}
