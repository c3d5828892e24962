import type { HeaderRecord } from "../rate-limit/rate-limit-headers";

/** A platform response reduced to what resilience needs: status, lower-case headers, body. */
export interface ResilientResponse<Body = unknown> {
  /** HTTP status. */
  status: number;
  /** Headers, lower-case names. */
  headers: HeaderRecord;
  /** Body: parsed JSON, text or bytes, as the operation returns it. */
  body: Body;
}

/** The request a response belongs to, as classifiers see it. */
export interface ResilientRequestInfo {
  /** Platform. */
  platform: string;
  /** HTTP method. */
  method: string;
  /** URL, when known. */
  url: string | undefined;
  /** Rate-limit resource. */
  resource: string;
  /** Whether sending it twice is harmless. */
  idempotent: boolean;
}

/**
 * What a response means for the caller: `success`; `rate-limited` (the platform refused
 * without executing: 429, GitHub's secondary-limit 403, Linear's `RATELIMITED`);
 * `retryable` (5xx and the like, may succeed later); `fatal` (validation, permissions:
 * retrying cannot help).
 */
export type ResponseClassification =
  | {
      /** The call worked (from the transport's point of view). */
      outcome: "success";
    }
  | {
      /** The platform refused because of a rate limit, without executing the request. */
      outcome: "rate-limited";
      /** How long the platform asked to wait, ms. */
      retryAfterMs?: number | undefined;
      /** The platform's own error code. */
      platformCode?: string | undefined;
    }
  | {
      /** A failure that may pass on its own (5xx, timeouts). */
      outcome: "retryable";
      /** How long the platform asked to wait, ms. */
      retryAfterMs?: number | undefined;
      /** `false` when the platform certainly did not execute the request. */
      executed?: false | undefined;
      /** The platform's own error code. */
      platformCode?: string | undefined;
    }
  | {
      /** A failure retrying cannot fix. */
      outcome: "fatal";
      /** The platform's own error code. */
      platformCode?: string | undefined;
    };

/** Classifies a response for a platform. Pure: no I/O, may read headers and body. */
export type ResponseClassifier = (
  response: ResilientResponse,
  request: ResilientRequestInfo,
  now: number,
) => ResponseClassification;

/**
 * Reads a body as JSON: parsed objects pass through, strings and bytes are parsed;
 * undefined when it is not JSON.
 */
export function readJsonBody(body: unknown): unknown {
  let text: string | undefined;
  if (typeof body === "string") text = body;
  else if (body instanceof Uint8Array) text = new TextDecoder().decode(body);
  else if (body instanceof ArrayBuffer) text = new TextDecoder().decode(new Uint8Array(body));
  else return body;
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
