/**
 * The single step every key and ref key of a built event passes through before it is
 * validated (see `buildEvent`). Today it returns the key unchanged, and `buildEvent` drops
 * a key that still fails `correlationKeySchema` (for instance one over 2,048 characters,
 * made from an over-long URL or branch name); bounding long keys into valid ones belongs
 * here, so every adapter gets it at once.
 */
export function boundKey(key: string): string {
  return key;
}
