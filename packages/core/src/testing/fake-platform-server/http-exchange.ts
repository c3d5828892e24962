import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../../clock/clock";
import { parseGraphqlOperation } from "../../resilience/graphql-operation";
import type { FakeGraphqlRequest, FakeRequest, FakeResponse } from "./types";

function parseBody(raw: string, contentType: string): unknown {
  if (raw === "") return undefined;
  if (contentType.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function readGraphql(body: unknown): FakeGraphqlRequest | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== "string") return undefined;
  const operation = parseGraphqlOperation(query);
  return {
    query,
    variables: (typeof variables === "object" && variables !== null ? variables : {}) as Record<
      string,
      unknown
    >,
    operationName: typeof operationName === "string" ? operationName : operation.name,
    type: operation.type,
  };
}

function readQuery(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [existing, value].flat();
  }
  return query;
}

/** Reads and parses a request: path, query, headers, JSON/form/text body, GraphQL operation. */
export async function readRequest(message: IncomingMessage, clock: Clock): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString("utf8");
  const url = new URL(message.url ?? "/", "http://127.0.0.1");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const body = parseBody(rawBody, headers["content-type"] ?? "");
  return {
    method: (message.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: readQuery(url.searchParams),
    headers,
    body,
    rawBody,
    graphql: readGraphql(body),
    params: {},
    timestamp: clock.now(),
  };
}

/** Writes a {@link FakeResponse}: status, headers and a JSON or raw body (none for 204/304). */
export function writeResponse(res: ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  let payload: string | Uint8Array | undefined = response.body;
  if (response.json !== undefined) {
    payload = JSON.stringify(response.json);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  const status = response.status ?? 200;
  if (status === 304 || status === 204) payload = undefined;
  res.writeHead(status, headers);
  res.end(payload);
}
