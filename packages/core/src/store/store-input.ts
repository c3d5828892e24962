import { ValidationError } from "../errors/validation-error";

/** Default page size of `EventStore.query`. */
export const DEFAULT_QUERY_LIMIT = 50;
/** Largest page size of `EventStore.query`. */
export const MAX_QUERY_LIMIT = 1000;
/** Default `limit` of `EventStore.findByKeys`. */
export const DEFAULT_FIND_LIMIT = 1000;
/** Default `maxDepth` of `EventStore.lineage` (the seed's `max_correlation_depth`). */
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
