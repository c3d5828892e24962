/**
 * Freezes a JSON value and everything inside it, without recursion (deep webhook payloads
 * cannot overflow the stack). Already frozen objects are not walked again, so freezing a
 * value that shares frozen parts costs only the new parts.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    deepFreezeMeasuringDepth(value);
  }
  return value;
}

/**
 * {@link deepFreeze} that also reports how deep the value nests: the top-level object is
 * depth 1, each container inside it one more. Parts that were frozen already are not
 * walked, so their depth is not counted: exact for a value nothing else shares, such as
 * what `JSON.parse` just returned. The depth costs one number per object on the same walk.
 */
export function deepFreezeMeasuringDepth(value: object): number {
  const pending: object[] = [value];
  const depths: number[] = [1];
  let deepest = 0;
  while (pending.length > 0) {
    const current = pending.pop()!;
    const depth = depths.pop()!;
    if (depth > deepest) deepest = depth;
    Object.freeze(current);
    // Indexes and `for…in` rather than `Object.values`: no array allocated per object.
    if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index += 1) {
        const child: unknown = current[index];
        if (typeof child === "object" && child !== null && !Object.isFrozen(child)) {
          pending.push(child);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    const record = current as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const child = record[key];
      if (typeof child === "object" && child !== null && !Object.isFrozen(child)) {
        pending.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return deepest;
}
