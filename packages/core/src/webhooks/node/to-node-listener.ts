import type { ServerResponse } from "node:http";
import {
  handleInboundWebhook,
  type InboundCapableHandler,
  type WebhookOutcome,
} from "../create-webhook-handler";
import type { InboundWebhook } from "../pipeline/inbound-webhook";
import { jsonAnswer, type WebhookAnswer } from "../webhook-answer";
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES } from "../webhook-handler-options";
import { nodeHeaders } from "../webhook-headers";
import { type NodeWebhookRequest, readNodeBody } from "./read-node-body";

export type { NodeWebhookRequest } from "./read-node-body";

/** `(req, res)` listener for `node:http`, Express and (with `reply.hijack()`) Fastify. */
export type NodeListener = (request: NodeWebhookRequest, response: ServerResponse) => Promise<void>;

/** Options for {@link toNodeListener}. */
export interface NodeListenerOptions {
  /** Receives failures of the listener itself (a bug, never a client's doing). Default `console`. */
  logger?: Pick<Console, "error"> | undefined;
}

/**
 * Serves a Fetch-style handler on Node's `(req, res)`. The listener never rejects and
 * nothing a client sends (any method, a body cut off or never finished, a garbage URL)
 * can make it throw, so it is safe to mount without a try/catch of your own.
 *
 * A handler from `createWebhookHandler` is served directly: the body is read into one
 * buffer (within its size limit and body deadline) and the answer written in one go,
 * without building Web `Request`/`Response` objects. Any other Fetch handler works too,
 * through a `Request` built from the fully read body; its `signal` aborts when the client
 * leaves, and a `text/event-stream` answer (Server-Sent Events) is streamed as it is
 * produced instead of read to its end first.
 *
 * - `node:http`: `http.createServer(toNodeListener(handler))`.
 * - Express: mount it **before** `express.json()`, or use `express.raw({ type: "*\/*" })`
 *   on the route, because signatures are checked over the exact raw bytes.
 * - Fastify: register a buffer content-type parser, then
 *   `reply.hijack(); await listener(Object.assign(request.raw, { body: request.body }), reply.raw)`.
 *
 * A body a framework already parsed into an object, or whose stream it already read, cannot
 * be verified: such requests are answered 500 with code `raw_body_unavailable` and a
 * message saying how to fix the setup.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
  options: NodeListenerOptions = {},
): NodeListener {
  const direct = (handler as Partial<InboundCapableHandler>)[handleInboundWebhook];
  const serve = direct
    ? (request: NodeWebhookRequest): Promise<ServedOutcome> => direct(nodeInbound(request))
    : (request: NodeWebhookRequest, response: ServerResponse) =>
        viaFetch(handler, request, response);
  return async (request, response) => {
    try {
      const outcome = await serve(request, response);
      if (outcome.streamed) return;
      if (outcome.answer) writeAnswer(response, outcome.answer);
      else response.destroy();
    } catch (error) {
      (options.logger ?? console).error("[contexten] the webhook listener failed:", error);
      if (!response.headersSent && !response.destroyed) {
        writeAnswer(
          response,
          jsonAnswer(500, {
            error: { code: "internal_error", message: "The webhook could not be processed." },
          }),
        );
      } else {
        response.destroy();
      }
    }
  };
}

/** Body limits for handlers that are not from `createWebhookHandler` (which bring their own). */
const FETCH_BODY_LIMITS = { maxBytes: DEFAULT_MAX_BODY_BYTES, timeoutMs: DEFAULT_BODY_TIMEOUT_MS };

function nodeInbound(request: NodeWebhookRequest): InboundWebhook {
  return {
    method: (request.method ?? "GET").toUpperCase(),
    url: requestUrl(request),
    headers: nodeHeaders(request.headers),
    readBody: (limits) => readNodeBody(request, limits),
  };
}

/** An absolute URL for the request; a garbage `Host` or path never makes it throw. */
function requestUrl(request: NodeWebhookRequest): string {
  const host = request.headers.host;
  const safeHost = host && /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(host) ? host : "localhost";
  const path = request.url?.startsWith("/") ? request.url : "/";
  return `http://${safeHost}${path}`;
}

/** Writes the answer in one call. */
function writeAnswer(response: ServerResponse, answer: WebhookAnswer): void {
  if (response.destroyed || response.writableEnded) return;
  const { body } = answer;
  const length =
    body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  response.writeHead(answer.status, { ...answer.headers, "content-length": String(length) });
  response.end(body);
}

/** An outcome, or a note that the answer is already being streamed. */
type ServedOutcome = WebhookOutcome & { streamed?: boolean };

/** Writes an event stream's chunks as they come; stops when either side ends. */
function streamAnswer(source: Response, response: ServerResponse, headers: Record<string, string>) {
  const reader = source.body!.getReader();
  response.writeHead(source.status, headers);
  response.flushHeaders();
  response.once("close", () => void reader.cancel().catch(() => {}));
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || response.destroyed) break;
        response.write(value);
      }
    } catch {
      // The stream failed or the client left: end the answer either way.
    } finally {
      if (!response.writableEnded) response.end();
    }
  })();
}

/** Serves a handler that is not from `createWebhookHandler` through a Fetch `Request`. */
async function viaFetch(
  handler: (request: Request) => Promise<Response>,
  request: NodeWebhookRequest,
  nodeResponse: ServerResponse,
): Promise<ServedOutcome> {
  const inbound = nodeInbound(request);
  const left = new AbortController();
  nodeResponse.once("close", () => left.abort());
  let fetchRequest: Request;
  try {
    const hasBody = inbound.method !== "GET" && inbound.method !== "HEAD";
    const body = hasBody ? await inbound.readBody(FETCH_BODY_LIMITS) : undefined;
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined) continue;
      for (const item of [value].flat()) headers.append(name, item);
    }
    fetchRequest = new Request(inbound.url, {
      method: inbound.method,
      headers,
      body: body as RequestInit["body"],
      signal: left.signal,
    });
  } catch {
    // Methods `Request` refuses (TRACE, CONNECT, tokens it cannot represent), a body that
    // could not be read: the handler never sees such a request.
    return {
      answer: jsonAnswer(400, {
        error: { code: "validation_failed", message: "The request could not be read." },
      }),
      result: { status: "rejected", eventIds: [], httpStatus: 400, durationMs: 0 },
    };
  }
  const response = await handler(fetchRequest);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (response.body && response.headers.get("content-type")?.startsWith("text/event-stream")) {
    streamAnswer(response, nodeResponse, headers);
    return {
      answer: undefined,
      result: { status: "processed", eventIds: [], httpStatus: response.status, durationMs: 0 },
      streamed: true,
    };
  }
  const body = new Uint8Array(await response.arrayBuffer());
  return {
    answer: { status: response.status, headers, body: body.byteLength > 0 ? body : undefined },
    result: { status: "processed", eventIds: [], httpStatus: response.status, durationMs: 0 },
  };
}
