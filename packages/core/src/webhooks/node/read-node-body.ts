import type { IncomingMessage } from "node:http";
import { type BodyLimits, BodyReadError } from "../pipeline/inbound-webhook";
import { concatChunks } from "../pipeline/read-fetch-body";

/** A Node request, possibly with a body already read by a framework (Express, Fastify). */
export type NodeWebhookRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

const PARSED_BODY_HINT =
  "The request body was already parsed by a framework, so its signature cannot be checked. " +
  "Express: mount the webhook route before express.json(), or use express.raw({ type: '*/*' }) on it. " +
  "Fastify: add a content-type parser with { parseAs: 'buffer' } and pass request.body along with request.raw.";

const CONSUMED_BODY_HINT =
  "The request body stream was already read by a framework before the webhook handler, so " +
  "there are no bytes left to verify. Fastify: add a content-type parser with " +
  "{ parseAs: 'buffer' } and call listener(Object.assign(request.raw, { body: request.body }), reply.raw) " +
  "after reply.hijack(). Other frameworks: give the handler the raw body as `rawBody` (a Buffer).";

/**
 * Reads a Node request's body: a raw `Buffer`/string a framework kept (`rawBody`, or
 * `body` from `express.raw`) is used as is; otherwise the stream is read into one buffer
 * within the size limit and the deadline. Rejects with `BodyReadError`: `unavailable`
 * when a framework parsed or consumed the body, `aborted` when the client went away.
 */
export function readNodeBody(request: NodeWebhookRequest, limits: BodyLimits): Promise<Uint8Array> {
  const kept = keptBody(request);
  if (kept === "parsed") {
    return Promise.reject(new BodyReadError("unavailable", PARSED_BODY_HINT));
  }
  if (kept) return Promise.resolve(kept);
  if (request.readableEnded) {
    return Promise.reject(new BodyReadError("unavailable", CONSUMED_BODY_HINT));
  }
  const declared = Number(request.headers["content-length"]);
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    // Over the limit, the rest is read and dropped until the body ends (or the deadline
    // passes), so the client is done sending when the 413 goes out: answering mid-upload
    // and closing would reset the connection before the client could read the answer.
    let discarding = Number.isFinite(declared) && declared > limits.maxBytes;
    const finish = (error?: BodyReadError) => {
      clearTimeout(timer);
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onGone);
      request.off("close", onGone);
      // Stop reading what nobody will use; the answer closes the connection.
      if (error) request.pause();
      if (error) reject(error);
      else resolve(concatChunks(chunks, total));
    };
    const onData = (chunk: Buffer | string) => {
      if (discarding) return;
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      total += bytes.byteLength;
      if (total > limits.maxBytes) {
        discarding = true;
        chunks.length = 0;
      } else {
        chunks.push(bytes);
      }
    };
    const onEnd = () => finish(discarding ? new BodyReadError("too_large") : undefined);
    const onGone = () => finish(new BodyReadError("aborted"));
    const timer = setTimeout(
      () => finish(new BodyReadError(discarding ? "too_large" : "timeout")),
      limits.timeoutMs,
    );
    request.on("data", onData);
    request.once("end", onEnd);
    request.once("error", onGone);
    request.once("close", onGone);
    // An 'error' after we stopped listening must not become an uncaught exception.
    request.on("error", ignore);
  });
}

function ignore(): void {}

function keptBody(request: NodeWebhookRequest): Uint8Array | undefined | "parsed" {
  for (const candidate of [request.rawBody, request.body]) {
    if (candidate === undefined || candidate === null) continue;
    if (candidate instanceof Uint8Array) return candidate;
    if (typeof candidate === "string") return Buffer.from(candidate);
    if (
      typeof candidate === "object" &&
      Object.keys(candidate).length === 0 &&
      !request.readableEnded
    ) {
      // Express sets `body = {}` when no parser matched; the stream is still unread.
      continue;
    }
    return "parsed";
  }
  return undefined;
}
