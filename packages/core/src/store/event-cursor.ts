import { ValidationError } from "../errors/validation-error";

/** Position of the last event of a page: what a cursor encodes. */
export interface CursorPosition {
  /** `occurredAt` in epoch milliseconds. */
  time: number;
  /** Event id. */
  id: string;
}

/** Encodes a page position as an opaque, URL-safe cursor. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.time, position.id]), "utf8").toString("base64url");
}

/** Decodes a cursor from {@link encodeCursor}; throws `ValidationError` for anything else. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isFinite(value[0]) &&
      typeof value[1] === "string"
    ) {
      return { time: value[0] as number, id: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ValidationError({
    message:
      "Invalid cursor: pass the nextCursor of a previous page unchanged, or omit it to start over.",
    issues: [{ path: "cursor", message: "not a cursor returned by query()" }],
  });
}
