/**
 * Field readers for webhook payloads: each walks a path into a parsed body and returns the
 * value only when it has the expected type, otherwise `undefined` (or `[]` for arrays).
 * They never throw, whatever the payload holds: a platform that sends a number where a
 * string belongs, an object where an array belongs, or `null` anywhere degrades the event
 * (fewer keys, refs or subject fields), it never fails the delivery.
 *
 * Why readers and not lenient zod schemas (`.catch()` on every field): normalizers read a
 * few dozen fields of payloads that hold hundreds, on every delivery. A reader touches only
 * the fields asked for, allocates nothing, and reads as the path it follows
 * (`readString(payload, "pull_request", "head", "ref")`); a schema parse walks and copies
 * every declared field first, and a `.catch()` per field hides which one was odd. The
 * adapters' typed payload declarations stay for handler authors; normalizers use these.
 *
 * Paths never reach `Object.prototype`: a field named `constructor`, `toString` or
 * `__proto__` is read from the payload itself or not at all.
 */

/** One step of a payload path: an object's field name or an array index. */
export type PayloadPathKey = string | number;

/** A reader of one value: the value with the expected type, or `undefined`. */
export type ValueReader<T> = (value: unknown) => T | undefined;

/**
 * The value at `path` inside `root` (`root` itself for an empty path), or `undefined` when
 * a step is missing or not an object or array. Numbers index arrays, strings name fields.
 *
 * @example readValue(payload, "commits", 0, "id")
 */
export function readValue(root: unknown, ...path: readonly PayloadPathKey[]): unknown {
  return walk(root, path);
}

function walk(root: unknown, path: readonly PayloadPathKey[]): unknown {
  let current = root;
  for (let step = 0; step < path.length; step += 1) {
    if (typeof current !== "object" || current === null) return undefined;
    const key = path[step]!;
    if (typeof key === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (Array.isArray(current)) return undefined;
      const value = (current as Record<string, unknown>)[key];
      // JSON objects hold no functions, so a function was inherited (`toString`); the one
      // inherited non-function, `__proto__`, counts only as an own field.
      if (typeof value === "function" || (key === "__proto__" && !Object.hasOwn(current, key))) {
        return undefined;
      }
      current = value;
    }
  }
  return current;
}

/** A non-empty string at `path`, else `undefined` (an empty string counts as absent). */
export function readString(root: unknown, ...path: readonly PayloadPathKey[]): string | undefined {
  const value = walk(root, path);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A finite number at `path`, else `undefined`. */
export function readNumber(root: unknown, ...path: readonly PayloadPathKey[]): number | undefined {
  const value = walk(root, path);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A boolean at `path`, else `undefined`. */
export function readBoolean(
  root: unknown,
  ...path: readonly PayloadPathKey[]
): boolean | undefined {
  const value = walk(root, path);
  return typeof value === "boolean" ? value : undefined;
}

/** A JSON object at `path` (not `null`, not an array), else `undefined`. */
export function readObject(
  root: unknown,
  ...path: readonly PayloadPathKey[]
): Record<string, unknown> | undefined {
  const value = walk(root, path);
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * An identifier at `path`: a non-empty string, or a finite number as its decimal string.
 * Platforms send ids as either (GitHub's numeric ids, node ids, UUIDs).
 */
export function readId(root: unknown, ...path: readonly PayloadPathKey[]): string | undefined {
  const value = walk(root, path);
  if (typeof value === "string") return value === "" ? undefined : value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

/**
 * The array at `path`, `[]` when there is none. With a trailing element reader, only the
 * elements it accepts, as it returns them: `readArray(payload, "commits", readObject)` is
 * the commits that are objects; a `null` or a string among them is skipped.
 *
 * @example readArray(payload, "data", "previousIdentifiers", readString)
 */
export function readArray(root: unknown, ...path: readonly PayloadPathKey[]): readonly unknown[];
export function readArray<T>(
  root: unknown,
  ...pathAndReader: [...path: PayloadPathKey[], element: ValueReader<T>]
): T[];
export function readArray(
  root: unknown,
  ...args: readonly (PayloadPathKey | ValueReader<unknown>)[]
): readonly unknown[] {
  const last = args.at(-1);
  const element = typeof last === "function" ? last : undefined;
  const path = (element ? args.slice(0, -1) : args) as PayloadPathKey[];
  const value = walk(root, path);
  if (!Array.isArray(value)) return [];
  if (!element) return value;
  const accepted: unknown[] = [];
  for (const item of value) {
    const read = element(item);
    if (read !== undefined) accepted.push(read);
  }
  return accepted;
}

/** Earliest and latest instants a payload date may name: years 1 to 9999 (ISO 8601's four digits). */
// `Date.UTC` reads years 0–99 as 1900–1999, so year 1 is set explicitly.
const EARLIEST = new Date(0).setUTCFullYear(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A date at `path`: a valid `Date`, an ISO 8601 string (anything `Date.parse` reads), or
 * epoch time as a number (seconds below 10^12, milliseconds from there). `undefined` for
 * anything else and for instants outside years 1–9999, which no platform sends and which
 * not every store can hold.
 */
export function readDate(root: unknown, ...path: readonly PayloadPathKey[]): Date | undefined {
  const value = walk(root, path);
  let time: number;
  if (value instanceof Date) time = value.getTime();
  else if (typeof value === "number") time = Math.abs(value) < 1e12 ? value * 1000 : value;
  else if (typeof value === "string" && value !== "") time = Date.parse(value);
  else return undefined;
  return Number.isFinite(time) && time >= EARLIEST && time <= LATEST ? new Date(time) : undefined;
}

const WEB_URL = /^https?:\/\/\S+$/i;

/** An `http(s)` URL at `path` that parses (no whitespace), else `undefined`. */
export function readUrl(root: unknown, ...path: readonly PayloadPathKey[]): string | undefined {
  const value = walk(root, path);
  return typeof value === "string" && WEB_URL.test(value) && URL.canParse(value)
    ? value
    : undefined;
}
