import { createHash } from "node:crypto";
import { sleep } from "../../clock/clock";
import type { FakeBehaviour, FakeRequest, FakeResponse } from "./types";

/** Delays every response by `ms` on the server clock (or by what `ms(request)` says). */
export function latency(ms: number | ((request: FakeRequest) => number)): FakeBehaviour {
  return async (request, next, { clock }) => {
    await sleep(typeof ms === "number" ? ms : ms(request), { clock });
    return next(request);
  };
}

function bodyText(response: FakeResponse): string {
  if (response.json !== undefined) return JSON.stringify(response.json);
  if (typeof response.body === "string") return response.body;
  return response.body ? Buffer.from(response.body).toString("utf8") : "";
}

function headerOf(response: FakeResponse, name: string): string | undefined {
  const entry = Object.entries(response.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry === undefined ? undefined : String(entry[1]);
}

/**
 * HTTP conditional GETs: every successful GET gets an `ETag` (a hash of its body,
 * unless the route set one), and a request whose `If-None-Match` matches (or whose
 * `If-Modified-Since` is not older than the route's `Last-Modified`) gets a bodiless 304.
 */
export function conditionalGet(): FakeBehaviour {
  return async (request, next) => {
    const response = await next(request);
    const status = response.status ?? 200;
    if (request.method !== "GET" || status !== 200) return response;
    const etag =
      headerOf(response, "etag") ??
      `W/"${createHash("sha1").update(bodyText(response)).digest("hex")}"`;
    const lastModified = headerOf(response, "last-modified");
    const headers = { ...response.headers, etag };
    const ifNoneMatch = request.headers["if-none-match"];
    const ifModifiedSince = request.headers["if-modified-since"];
    const notModified =
      ifNoneMatch !== undefined
        ? ifNoneMatch.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*")
        : ifModifiedSince !== undefined &&
          lastModified !== undefined &&
          Date.parse(lastModified) <= Date.parse(ifModifiedSince);
    if (notModified) return { status: 304, headers };
    return { ...response, headers };
  };
}

/** Ready-made faults for {@link FakePlatformServer.fail}. */
export const faults = {
  /** A server error, 503 by default. */
  serverError: (status = 503): FakeResponse => ({
    status,
    json: { message: "Service Unavailable" },
  }),
  /** 429 Too Many Requests with `Retry-After` in seconds. */
  tooManyRequests: (retryAfterSeconds: number): FakeResponse => ({
    status: 429,
    headers: { "retry-after": retryAfterSeconds },
    json: { message: "Too Many Requests" },
  }),
  /** The connection is reset after the request was read: the platform may have executed it. */
  connectionReset: (): FakeResponse => ({ reset: true }),
  /** A 400 validation error. */
  badRequest: (message = "Validation Failed"): FakeResponse => ({ status: 400, json: { message } }),
} as const;
