/**
 * `@contexten/slack`.
 *
 * @packageDocumentation
 */

/** Platform id this package serves. */
export const PLATFORM = "slack" as const;
