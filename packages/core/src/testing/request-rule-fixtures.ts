import type { HeaderRecord } from "../rate-limit/rate-limit-headers";
import type { OutgoingRequest } from "../resilience/resilient-fetch";
import type { ResilientRequestInfo, ResilientResponse } from "../resilience/resilient-response";

/** What a response classifier is told about the request in tests: an idempotent GET on `core`. */
export const TEST_REQUEST_INFO: ResilientRequestInfo = Object.freeze({
  platform: "test",
  method: "GET",
  url: undefined,
  resource: "core",
  idempotent: true,
});

/** A response as a platform's response classifier sees it (lower-case header names). */
export function testResponse(
  status: number,
  headers: HeaderRecord = {},
  body: unknown = "",
): ResilientResponse {
  return { status, headers, body };
}

/** A request as a platform's `resolveRequest` sees it. */
export function testOutgoingRequest(
  method: string,
  url: string,
  body?: string,
  contentType?: string,
): OutgoingRequest {
  return {
    method,
    url: new URL(url),
    headers: new Headers(contentType ? { "content-type": contentType } : {}),
    body,
  };
}
