/**
 * `@contexten/storage-postgres`.
 *
 * @packageDocumentation
 */

/** Platform id this package serves. */
export const PLATFORM = "storage-postgres" as const;
