import { ValidationError } from "../../errors/validation-error";

interface Frame {
  readonly container: object;
  readonly names: readonly string[] | undefined;
  readonly length: number;
  index: number;
  wroteMember: boolean;
}

/** The value `JSON.stringify` would serialize for `value` under property `name`. */
function toJsonInput(value: unknown, name: string): unknown {
  if (typeof value === "object" && value !== null) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return toJSON.call(value, name);
  }
  return value;
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/**
 * `JSON.stringify(value)` without recursion, for values nested deeper than V8's
 * recursive serializer can go (it overflows the stack after a few thousand levels):
 * same output for JSON data, `toJSON` honoured, `undefined` and functions skipped as
 * `JSON.stringify` does. Throws `ValidationError` for a circular structure.
 */
export function stringifyDeepJson(root: unknown): string {
  const parts: string[] = [];
  const stack: Frame[] = [];
  const open = new Set<object>();

  const write = (value: unknown): void => {
    if (typeof value !== "object" || value === null) {
      // Primitives (and NaN or Infinity, which become null) serialize as JSON.stringify says.
      parts.push(JSON.stringify(value) ?? "null");
      return;
    }
    if (open.has(value)) {
      throw new ValidationError({
        message: "payload: contains a circular reference; an event payload must be JSON data.",
        issues: [{ path: "payload", message: "circular reference" }],
      });
    }
    open.add(value);
    const names = Array.isArray(value) ? undefined : Object.keys(value);
    parts.push(names ? "{" : "[");
    stack.push({
      container: value,
      names,
      length: names ? names.length : (value as unknown[]).length,
      index: 0,
      wroteMember: false,
    });
  };

  write(toJsonInput(root, ""));
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.length) {
      parts.push(frame.names ? "}" : "]");
      open.delete(frame.container);
      stack.pop();
      continue;
    }
    const index = frame.index;
    frame.index += 1;
    if (!frame.names) {
      if (index > 0) parts.push(",");
      const item = toJsonInput((frame.container as unknown[])[index], String(index));
      if (isOmitted(item)) parts.push("null");
      else write(item);
      continue;
    }
    const name = frame.names[index]!;
    const item = toJsonInput((frame.container as Record<string, unknown>)[name], name);
    if (isOmitted(item)) continue;
    if (frame.wroteMember) parts.push(",");
    frame.wroteMember = true;
    parts.push(JSON.stringify(name), ":");
    write(item);
  }
  return parts.join("");
}
