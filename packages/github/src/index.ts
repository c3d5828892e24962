/**
 * `@contexten/github`.
 *
 * @packageDocumentation
 */

/** Platform id this package serves. */
export const PLATFORM = "github" as const;
