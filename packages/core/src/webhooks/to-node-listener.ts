import type { IncomingMessage, ServerResponse } from "node:http";
import { errorResponse } from "./webhook-response";

/** A Node request, possibly with a body already read by a framework (Express, Fastify). */
export type NodeWebhookRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

/** `(req, res)` listener for `node:http`, Express and (with `reply.hijack()`) Fastify. */
export type NodeListener = (request: NodeWebhookRequest, response: ServerResponse) => Promise<void>;

/**
 * Adapts a Fetch-style handler to Node's `(req, res)`.
 *
 * - `node:http`: `http.createServer(toNodeListener(handler))`.
 * - Express: mount it **before** `express.json()`, or use `express.raw({ type: "*\/*" })`
 *   on the route, because signatures are checked over the exact raw bytes.
 * - Fastify: register a buffer content-type parser, then
 *   `reply.hijack(); await listener(Object.assign(request.raw, { body: request.body }), reply.raw)`.
 *
 * A body a framework already turned into an object cannot be verified; the request is
 * answered 500 with code `raw_body_unavailable` and a message saying how to fix the setup.
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener {
  return async (request, response) => {
    let fetchResponse: Response;
    const body = readPreparsedBody(request);
    if (body === "unusable") {
      fetchResponse = errorResponse(
        500,
        "raw_body_unavailable",
        "The request body was already parsed by a framework, so its signature cannot be checked. " +
          "Mount the webhook route before express.json(), or use express.raw({ type: '*/*' }).",
      );
    } else {
      const method = (request.method ?? "GET").toUpperCase();
      const hasBody = method !== "GET" && method !== "HEAD";
      const init: RequestInit & { duplex?: "half" } = {
        method,
        headers: toHeaders(request),
      };
      if (hasBody) {
        if (body) {
          init.body = body;
        } else {
          init.body = nodeStreamToWeb(request);
          init.duplex = "half";
        }
      }
      const host = request.headers.host ?? "localhost";
      fetchResponse = await handler(new Request(`http://${host}${request.url ?? "/"}`, init));
    }
    response.statusCode = fetchResponse.status;
    for (const [name, value] of fetchResponse.headers) response.setHeader(name, value);
    const payload = new Uint8Array(await fetchResponse.arrayBuffer());
    response.end(payload);
  };
}

function readPreparsedBody(request: NodeWebhookRequest): Uint8Array | undefined | "unusable" {
  for (const candidate of [request.rawBody, request.body]) {
    if (candidate === undefined || candidate === null) continue;
    if (candidate instanceof Uint8Array) return candidate;
    if (typeof candidate === "string") return new TextEncoder().encode(candidate);
    if (
      typeof candidate === "object" &&
      Object.keys(candidate).length === 0 &&
      !request.readableEnded
    ) {
      // Express sets `body = {}` when no parser matched; the stream is still unread.
      continue;
    }
    return "unusable";
  }
  return undefined;
}

function toHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  return headers;
}

function nodeStreamToWeb(request: IncomingMessage): ReadableStream<Uint8Array> {
  const iterator = request[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else
          controller.enqueue(
            typeof value === "string" ? new TextEncoder().encode(value) : new Uint8Array(value),
          );
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
