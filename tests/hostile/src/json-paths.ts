/** A location in a JSON document: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/**
 * Every location in `value`, the root (`[]`) included, depth first: objects, arrays and
 * leaves alike, so a mutation can replace a whole subtree as well as a single field.
 */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      paths.push(...pathsOf(item, [...prefix, index]));
    });
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

/** Locations of the objects in `value` (where a missing field can be added). */
export function objectPathsOf(value: unknown): JsonPath[] {
  return pathsOf(value).filter((path) => isObject(valueAt(value, path)));
}

/** The value at `path`, or undefined when the path does not exist. */
export function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === "number") current = current[step];
    else if (isObject(current) && typeof step === "string") current = current[step];
    else return undefined;
  }
  return current;
}

/**
 * A copy of `value` with `replacement` at `path` (added when the last step is a new object
 * key). Only the containers along the path are copied; `value` is left as it was.
 */
export function replaceAt(value: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [step, ...rest] = path;
  if (Array.isArray(value) && typeof step === "number") {
    const copy = [...value];
    copy[step] = replaceAt(value[step], rest, replacement);
    return copy;
  }
  if (isObject(value) && typeof step === "string") {
    // defineProperty, not assignment: a `__proto__` key must become a field, as JSON.parse
    // makes it, instead of replacing the copy's prototype.
    const copy = { ...value };
    Object.defineProperty(copy, step, {
      value: replaceAt(value[step], rest, replacement),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return copy;
  }
  throw new Error(`cannot replace at ${formatPath(path)}: ${formatPath([step!])} is not there`);
}

/** `pull_request.head.ref`, `commits[0].message`, or `(root)`. */
export function formatPath(path: JsonPath): string {
  if (path.length === 0) return "(root)";
  return path
    .map((step, index) =>
      typeof step === "number" ? `[${step}]` : index === 0 ? step : `.${step}`,
    )
    .join("");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
