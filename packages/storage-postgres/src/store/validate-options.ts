import { ValidationError } from "@contexten/core";

/**
 * Returns `value ?? fallback` after checking it is an integer within `[min, max]`;
 * throws a `ValidationError` naming `path` otherwise.
 */
export function integerOption(
  value: number | undefined,
  fallback: number,
  range: { min: number; max: number; path: string },
): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < range.min || resolved > range.max) {
    throw new ValidationError({
      message: `${range.path} must be an integer from ${range.min} to ${range.max}; got ${String(value)}.`,
      issues: [
        { path: range.path, message: `expected an integer in [${range.min}, ${range.max}]` },
      ],
    });
  }
  return resolved;
}

/** Checks an optional `Date` filter is a valid date; throws `ValidationError` otherwise. */
export function dateOption(value: Date | undefined, path: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ValidationError({
      message: `${path} must be a valid Date; got ${String(value)}.`,
      issues: [{ path, message: "expected a valid Date" }],
    });
  }
  return value;
}
