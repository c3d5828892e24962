/**
 * Tools to prove that a webhook normalizer survives fields of unexpected types: record
 * which fields it reads from a real payload, then replace each of them in turn with values
 * of other types (numbers, strings, `null`, booleans, arrays, objects, a huge string and
 * nesting deeper than `JSON.stringify` can recurse) and deliver every variant.
 *
 * @example
 * const paths = recordPayloadReads(payload, (proxy) => normalize(proxy));
 * for (const variant of oddPayloadVariants(payload, paths)) {
 *   const response = await handler(await signedRequest(oddPayloadJson(variant.payload)));
 *   expect(response.status, variant.description).toBeLessThan(500);
 * }
 */

/** A path into a payload: field names and array indices. */
export type PayloadPath = readonly (string | number)[];

/** One payload with one field replaced. */
export interface OddPayloadVariant {
  /** The field replaced (or added, when the normalizer read a field the payload lacks). */
  path: PayloadPath;
  /** Which odd value it holds, e.g. `number` or `deep nesting`. */
  label: string;
  /** The payload; only the objects along `path` are copies, the rest is shared. */
  payload: Record<string, unknown>;
  /** `path = label`, for assertion messages. */
  description: string;
}

/** How deep {@link DEEP_NESTING} nests: deeper than `JSON.stringify` or `structuredClone` recurse. */
export const DEEP_NESTING_DEPTH = 10_000;

function nestedArrays(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let level = 1; level < depth; level += 1) value = Object.freeze([value]) as unknown[];
  return value;
}

/**
 * Arrays nested {@link DEEP_NESTING_DEPTH} deep (frozen, shared). Code that recurses into
 * a value (`JSON.stringify`, `String(array)`, a recursive walk) overflows the stack on it;
 * {@link oddPayloadJson} writes it as text without recursing.
 */
export const DEEP_NESTING: readonly unknown[] = nestedArrays(DEEP_NESTING_DEPTH);

/**
 * A string long enough to make over-long keys (keys are at most 2,048 characters): a URL
 * of 1,000 `ü` that grows sixfold once percent-encoded, a URL and a branch-like name of
 * several thousand characters, a Linear identifier and a closing word.
 */
export const HUGE_STRING = `Fixes ENG-1 https://example.com/${"ü".repeat(1000)} https://example.com/${"a".repeat(3000)} eng-2-${"b".repeat(3000)}\n${"c ".repeat(2000)}`;

/** The values each field is replaced with, by label. */
export const ODD_VALUES: readonly { label: string; value: unknown }[] = [
  { label: "number", value: 42 },
  { label: "negative fraction", value: -1.5 },
  { label: "string", value: "two words\nand a line" },
  { label: "empty string", value: "" },
  { label: "null", value: null },
  { label: "boolean", value: true },
  { label: "empty array", value: [] },
  { label: "mixed array", value: [null, 1, "x", { a: 1 }, [2]] },
  { label: "empty object", value: {} },
  { label: "object", value: { id: { nested: null }, 0: "zero" } },
  { label: "huge string", value: HUGE_STRING },
  { label: "deep nesting", value: DEEP_NESTING },
];

/** Keys a read on an array may use that are not elements (`length`, methods). */
const ELEMENT = /^(0|[1-9][0-9]*)$/;

/**
 * Runs `read` on a recording view of `payload` and returns every field path it read,
 * objects on the way included, in the order first read. Fields the payload lacks count
 * too (a normalizer asked for them, even under a name `Object.prototype` has), so variants
 * can add them. Array elements appear with numeric indices; an array's `length` and
 * methods do not.
 */
export function recordPayloadReads(
  payload: Record<string, unknown>,
  read: (view: Record<string, unknown>) => unknown,
): PayloadPath[] {
  const seen = new Map<string, PayloadPath>();
  const record = (path: PayloadPath) => {
    const id = JSON.stringify(path);
    if (!seen.has(id)) seen.set(id, path);
  };
  const views = new WeakMap<object, object>();
  const view = <T extends object>(target: T, path: PayloadPath): T => {
    const cached = views.get(target);
    if (cached) return cached as T;
    const isArray = Array.isArray(target);
    const step = (key: string | symbol): PayloadPath | undefined => {
      if (typeof key !== "string") return undefined;
      if (isArray) return ELEMENT.test(key) ? [...path, Number(key)] : undefined;
      return [...path, key];
    };
    const proxy = new Proxy(target, {
      get(object, key, receiver) {
        const value: unknown = Reflect.get(object, key, receiver);
        const at = step(key);
        if (!at) return value;
        record(at);
        return typeof value === "object" && value !== null && Object.hasOwn(object, key)
          ? view(value, at)
          : value;
      },
      getOwnPropertyDescriptor(object, key) {
        const at = step(key);
        if (at) record(at);
        return Reflect.getOwnPropertyDescriptor(object, key);
      },
      has(object, key) {
        const at = step(key);
        if (at) record(at);
        return Reflect.has(object, key);
      },
    });
    views.set(target, proxy);
    return proxy;
  };
  read(view(payload, []));
  return [...seen.values()];
}

/**
 * A copy of `payload` with `value` at `path` (copying only the objects along it), or
 * `undefined` when a step on the way is not an object or array.
 */
export function withValueAt(
  payload: Record<string, unknown>,
  path: PayloadPath,
  value: unknown,
): Record<string, unknown> | undefined {
  const replace = (container: unknown, depth: number): unknown => {
    if (typeof container !== "object" || container === null) return undefined;
    const key = path[depth]!;
    if (Array.isArray(container) !== (typeof key === "number")) return undefined;
    const copy = (Array.isArray(container) ? [...container] : { ...container }) as Record<
      string | number,
      unknown
    >;
    if (depth === path.length - 1) {
      copy[key] = value;
      return copy;
    }
    const child = replace(copy[key], depth + 1);
    if (child === undefined) return undefined;
    copy[key] = child;
    return copy;
  };
  return path.length === 0 ? undefined : (replace(payload, 0) as Record<string, unknown>);
}

/** Every variant of `payload` with one of `paths` replaced by one of {@link ODD_VALUES}. */
export function* oddPayloadVariants(
  payload: Record<string, unknown>,
  paths: readonly PayloadPath[],
  values: readonly { label: string; value: unknown }[] = ODD_VALUES,
): Generator<OddPayloadVariant> {
  for (const path of paths) {
    for (const { label, value } of values) {
      const variant = withValueAt(payload, path, value);
      if (variant) {
        yield { path, label, payload: variant, description: `${path.join(".")} = ${label}` };
      }
    }
  }
}

const DEEP_MARKER = "\u0000deep nesting\u0000";

/**
 * JSON text of a payload; {@link DEEP_NESTING} is written as its nested arrays without
 * recursing, so the text parses into a payload `JSON.stringify` cannot serialize again.
 */
export function oddPayloadJson(payload: unknown): string {
  let deep = false;
  const text = JSON.stringify(payload, (_key, value: unknown) => {
    if (value !== DEEP_NESTING) return value;
    deep = true;
    return DEEP_MARKER;
  });
  return deep
    ? text.replaceAll(
        JSON.stringify(DEEP_MARKER),
        `${"[".repeat(DEEP_NESTING_DEPTH)}${"]".repeat(DEEP_NESTING_DEPTH)}`,
      )
    : text;
}
