import { ValidationError } from "../errors/validation-error";

/** Default page size of `EventStore.query`. */
export const DEFAULT_QUERY_LIMIT = 50;
/** Largest page size of `EventStore.query`. */
export const MAX_QUERY_LIMIT = 1000;
/** Default `limit` of `EventStore.findByKeys`. */
export const DEFAULT_FIND_LIMIT = 1000;
/** Default `maxDepth` of `EventStore.lineage`. */
export const DEFAULT_LINEAGE_DEPTH = 10;

/**
 * Checks an `EventStore` numeric option and applies its default; every store uses this so
 * they reject the same input with the same message.
 *
 * @param name option name for the message, e.g. `limit`
 * @param value the value passed, if any
 * @param bounds inclusive range and default
 */
export function readIntegerOption(
  name: string,
  value: number | undefined,
  bounds: { min: number; max: number; default: number },
): number {
  if (value === undefined) return bounds.default;
  if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new ValidationError({
      message: `Invalid ${name}: expected an integer from ${bounds.min} to ${bounds.max}, got ${String(value)}.`,
      issues: [{ path: name, message: `must be an integer from ${bounds.min} to ${bounds.max}` }],
    });
  }
  return value;
}

/** `x` → `[x]`, a list → itself, `undefined` → `undefined`. */
export function toList<Value>(
  value: Value | readonly Value[] | undefined,
): readonly Value[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly Value[]) : [value as Value];
}

const TYPE_GLOB = /^(\*\*|\*|[a-z0-9_-]+)(\.(\*\*|\*|[a-z0-9_-]+))*$/;

/**
 * Checks the `type` filter of `EventStore.query`: every entry must be a type glob such as
 * `github.pull_request.*` or `linear.**`; anything else throws `ValidationError`.
 */
export function readTypeGlobs(
  type: string | readonly string[] | undefined,
): readonly string[] | undefined {
  const globs = toList(type);
  for (const glob of globs ?? []) {
    if (!TYPE_GLOB.test(glob)) {
      throw new ValidationError({
        message: `Invalid type filter ${JSON.stringify(glob)}: use dot-separated lower-case segments, "*" or "**", e.g. "github.pull_request.*".`,
        issues: [{ path: "type", message: "not a type glob" }],
      });
    }
  }
  return globs;
}
