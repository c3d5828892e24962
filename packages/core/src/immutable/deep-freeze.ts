/**
 * Freezes a JSON value and everything inside it, without recursion (deep webhook payloads
 * cannot overflow the stack). Already frozen objects are not walked again, so freezing a
 * value that shares frozen parts costs only the new parts.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  const pending: object[] = [value];
  while (pending.length > 0) {
    const current = pending.pop()!;
    Object.freeze(current);
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (typeof child === "object" && child !== null && !Object.isFrozen(child)) {
        pending.push(child);
      }
    }
  }
  return value;
}
