import { type BodyLimits, BodyReadError } from "./inbound-webhook";

/**
 * Reads a Fetch `Request` body into one buffer, refusing more than `limits.maxBytes` (a
 * declared `Content-Length` is checked before a byte is read) and giving up after
 * `limits.timeoutMs`. Rejects with {@link BodyReadError}.
 */
export async function readFetchBody(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    throw new BodyReadError("too_large");
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => undefined);
  }, limits.timeoutMs);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) throw new BodyReadError("timeout");
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new BodyReadError("too_large");
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof BodyReadError) throw error;
    throw new BodyReadError(timedOut ? "timeout" : "aborted");
  } finally {
    clearTimeout(timer);
  }
  return concatChunks(chunks, total);
}

/** One buffer from many; the chunk itself when there is only one. */
export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
