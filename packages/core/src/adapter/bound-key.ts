import { boundCorrelationKey } from "../keys/bound-correlation-key";

/**
 * The single step every key and ref key of a built event passes through before it is
 * validated (see `buildEvent`): keys longer than `MAX_CORRELATION_KEY_BYTES` keep a
 * readable prefix and end in a hash, whitespace and NUL are percent-encoded (see
 * `boundCorrelationKey`). `buildEvent` drops a key that still fails
 * `correlationKeySchema` (an empty value, say).
 */
export function boundKey(key: string): string {
  return boundCorrelationKey(key);
}
