/**
 * `@contexten/linear`.
 *
 * @packageDocumentation
 */

/** Platform id this package serves. */
export const PLATFORM = "linear" as const;
