import type { WebhookRequest } from "../contracts/webhook-source";

/** The body exceeded the size limit. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds the ${limit}-byte limit`);
  }
}

/** Media type without parameters, lower case: `Application/JSON; charset=utf-8` → `application/json`. */
export function mediaTypeOf(headers: Headers): string {
  return (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Reads the body of a Fetch `Request` into memory, refusing more than `limit` bytes. The
 * declared `Content-Length` is checked first so oversized bodies are refused before a
 * single byte is read.
 */
export async function readBodyWithLimit(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const decoder = new TextDecoder("utf-8");

/** Builds the {@link WebhookRequest} every source sees from a Fetch request and its body. */
export function toWebhookRequest(
  request: Request,
  rawBody: Uint8Array,
  receivedAt: Date,
): WebhookRequest {
  let text: string | undefined;
  return {
    method: request.method.toUpperCase(),
    url: new URL(request.url),
    headers: request.headers,
    rawBody,
    get text() {
      text ??= decoder.decode(rawBody);
      return text;
    },
    contentType: mediaTypeOf(request.headers),
    receivedAt,
  };
}
