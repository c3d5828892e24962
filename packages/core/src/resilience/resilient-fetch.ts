import { sha256Hex } from "../hash/sha256";
import { normalizeHeaders } from "../rate-limit/rate-limit-headers";
import type { OperationKind } from "../rate-limit/rate-limit-profile";
import { executeWithResilience } from "./execute-with-resilience";
import {
  isIdempotentMethod,
  type ResiliencePolicy,
  type ResilientCall,
  type ResilientResult,
} from "./resilience-options";

/** A request body as `fetch` accepts it. */
export type FetchBody = RequestInit["body"];

/** What `fetch` accepts as its first argument. */
type FetchInput = Parameters<typeof globalThis.fetch>[0];

/** A request as {@link ResilientFetchOptions.resolveRequest} sees it. */
export interface OutgoingRequest {
  /** Upper-case method. */
  method: string;
  /** Full URL. */
  url: URL;
  /** Request headers. */
  headers: Headers;
  /** Body, already made replayable (streams are read into bytes). */
  body: FetchBody;
}

/** How a platform prices and treats a request; every field but `resource` has a default. */
export interface ResolvedRequest {
  /** Rate-limit resource. */
  resource: string;
  /** Units of the resource's primary budget; default 1. */
  cost?: number;
  /** What the request does; defaults to `read` for GET/HEAD/OPTIONS and `write` otherwise. */
  kind?: OperationKind;
  /** Whether sending it twice is harmless; defaults from the method. */
  idempotent?: boolean;
  /** Cache key; by default GETs are cached per URL and credentials. `false` disables caching. */
  cacheKey?: string | false;
  /** Name for instrumentation, e.g. `GET /repos/{owner}/{repo}` or `chat.postMessage`. */
  endpoint?: string;
}

/** Options of {@link createResilientFetch}. */
export interface ResilientFetchOptions extends ResiliencePolicy {
  /** The fetch to wrap; defaults to the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Maps a request to its resource, cost and kind (e.g. `@contexten/github`'s `resolveGitHubRequest`). */
  resolveRequest?: ((request: OutgoingRequest) => ResolvedRequest) | undefined;
  /**
   * `revalidate` (default): cached GETs are always revalidated with `If-None-Match`, so
   * SDK callers never see stale data and 304s cost no budget; `ttl`: fresh entries are
   * served without a request.
   */
  cacheMode?: ResilientCall["cacheMode"] | undefined;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The default cache key of a GET: platform, URL and a hash of the credentials used. */
export function defaultRequestCacheKey(
  platform: string,
  url: string,
  authorization?: string | null,
): string {
  const identity = authorization ? sha256Hex(authorization).slice(0, 16) : "anonymous";
  return `${platform}:GET ${url}#${identity}`;
}

async function replayableBody(body: FetchBody): Promise<FetchBody> {
  if (body instanceof ReadableStream) return new Uint8Array(await new Response(body).arrayBuffer());
  return body;
}

/**
 * Wraps `fetch` with {@link executeWithResilience}, for SDKs that accept a custom fetch
 * (`@octokit/core`'s `request.fetch`, `@slack/web-api`'s `fetch`). Each request is
 * resolved to a rate-limit resource, paced, cached (GETs, revalidated with ETags),
 * classified and retried as the platform requires. Successful and `fatal` (4xx) responses
 * are returned for the SDK to parse; when retries run out, the fetch rejects with
 * `ApiCallError` or `RateLimitError` (SDKs usually wrap it: see `findApiCallError`). Turn
 * the SDK's own retries and throttling off so they do not multiply.
 */
export function createResilientFetch(options: ResilientFetchOptions): typeof globalThis.fetch {
  const { fetch: inner = globalThis.fetch, resolveRequest, cacheMode, ...policy } = options;
  const resilientFetch = async (input: FetchInput, init?: RequestInit): Promise<Response> => {
    const source = input instanceof Request ? input : undefined;
    const url = new URL(source ? source.url : String(input));
    const method = (init?.method ?? source?.method ?? "GET").toUpperCase();
    const headers = new Headers(init?.headers ?? source?.headers);
    const body = await replayableBody(
      init?.body !== undefined ? init.body : source?.body ? source.body : undefined,
    );
    const signal = init?.signal ?? source?.signal ?? undefined;
    const resolved = resolveRequest?.({ method, url, headers, body }) ?? { resource: "default" };
    const kind = resolved.kind ?? (READ_METHODS.has(method) ? "read" : "write");
    const conditionalByCaller = headers.has("if-none-match") || headers.has("if-modified-since");
    const cacheKey =
      resolved.cacheKey === false || !policy.cache || conditionalByCaller
        ? undefined
        : (resolved.cacheKey ??
          (method === "GET"
            ? defaultRequestCacheKey(policy.platform, url.href, headers.get("authorization"))
            : undefined));
    const result: ResilientResult<Uint8Array> = await executeWithResilience(
      async (attempt) => {
        const attemptHeaders = new Headers(headers);
        for (const [name, value] of Object.entries(attempt.conditionalHeaders)) {
          attemptHeaders.set(name, value);
        }
        const response = await inner(url, {
          ...init,
          method,
          headers: attemptHeaders,
          body: body ?? null,
          signal: attempt.signal,
        });
        return {
          status: response.status,
          headers: normalizeHeaders(response.headers),
          body: new Uint8Array(await response.arrayBuffer()),
        };
      },
      {
        ...policy,
        resource: resolved.resource,
        cost: resolved.cost,
        kind,
        idempotent: resolved.idempotent ?? isIdempotentMethod(method),
        cacheKey,
        cacheMode: cacheMode ?? "revalidate",
        signal: signal ?? undefined,
        method,
        url: url.href,
        endpoint: resolved.endpoint ?? `${method} ${url.pathname}`,
        returnNonRetryable: true,
      },
    );
    if (kind !== "read" && policy.cache && result.status < 400) {
      // A write makes cached reads of the same resource stale.
      await policy.cache.invalidatePattern(`${policy.platform}:GET ${url.origin}${url.pathname}*`);
    }
    return toResponse(result, url.href);
  };
  return resilientFetch as typeof globalThis.fetch;
}

function toResponse(result: ResilientResult<Uint8Array>, url: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers)) {
    // The body is already decoded and complete; these would describe the wire form.
    if (name === "content-encoding" || name === "content-length" || name === "transfer-encoding")
      continue;
    headers.set(name, value);
  }
  const response = new Response(
    NULL_BODY_STATUSES.has(result.status)
      ? null
      : (result.body as ConstructorParameters<typeof Response>[0]),
    {
      status: result.status,
      headers,
    },
  );
  Object.defineProperty(response, "url", { value: url });
  return response;
}
