import { ValidationError } from "@contexten/core";

/** Position after the last event of a page: its occurrence (µs since epoch) and id. */
export interface EventCursor {
  /** `occurred_at` in microseconds since the Unix epoch, as a decimal string (exact). */
  micros: string;
  /** Event id, the tie-breaker. */
  id: string;
}

/** Encodes a cursor as opaque base64url text. */
export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.micros, cursor.id]), "utf8").toString("base64url");
}

/** Decodes a cursor from {@link encodeCursor}; throws `ValidationError` for anything else. */
export function decodeCursor(text: string): EventCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      /^-?\d{1,20}$/.test(value[0]) &&
      typeof value[1] === "string"
    ) {
      return { micros: value[0], id: value[1] };
    }
  } catch {
    // Reported below.
  }
  throw new ValidationError({
    message:
      "query: `cursor` is not a cursor this store issued; pass a previous page's `nextCursor` unchanged, or omit it to start from the first page.",
    issues: [{ path: "cursor", message: "unrecognized cursor" }],
  });
}
