/**
 * The hidden marker a comment or pull request body carries so that a retried step finds
 * what an earlier attempt created instead of creating it again (GitHub has no
 * idempotency key of its own for these).
 */
export function idempotencyMarker(key: string): string {
  return `<!-- contexten:idempotency-key ${key} -->`;
}

/** `body` with the marker appended on its own line. */
export function withIdempotencyMarker(body: string, key: string): string {
  return `${body}\n\n${idempotencyMarker(key)}`;
}

/** Whether a body carries the marker for `key`. */
export function hasIdempotencyMarker(body: string | null | undefined, key: string): boolean {
  return typeof body === "string" && body.includes(idempotencyMarker(key));
}
