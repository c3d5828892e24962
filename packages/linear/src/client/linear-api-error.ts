import { ApiCallError, type ContextenError, NotFoundError } from "@contexten/core";
import { parseLinearError } from "@linear/sdk";

/** One GraphQL error as Linear sends it. */
export interface LinearGraphqlError {
  /** Technical message, e.g. `Entity not found: Issue`. */
  message?: string;
  /** Path of the field that failed. */
  path?: readonly (string | number)[];
  /** Linear's classification of the error. */
  extensions?: {
    /** Machine code, e.g. `RATELIMITED`, `INPUT_ERROR`, `AUTHENTICATION_ERROR`. */
    code?: string;
    /** Linear's error type, e.g. `invalid input`, `authentication error`. */
    type?: string;
    /** A message meant for people. */
    userPresentableMessage?: string;
    /** True when the caller's input caused it. */
    userError?: boolean;
  };
}

/** A GraphQL response body. */
export interface LinearGraphqlBody {
  /** Result data; `null` when the operation failed. */
  data?: Record<string, unknown> | null;
  /** Errors, when anything failed. */
  errors?: LinearGraphqlError[];
}

/** Everything known about a failed Linear call. */
export interface LinearFailure {
  /** Endpoint URL. */
  url: string;
  /** GraphQL operation name, e.g. `issue`, `createIssue`. */
  operation: string;
  /** HTTP status. */
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** Response body: the parsed GraphQL body, or text when it was not JSON. */
  body: LinearGraphqlBody | string | undefined;
  /** The document sent. */
  query: string;
  /** The variables sent. */
  variables: Record<string, unknown> | undefined;
}

type SdkErrorInput = NonNullable<Parameters<typeof parseLinearError>[0]>;

const ENTITY_NOT_FOUND = /entity not found(?::\s*(\w+))?/i;
const AUTHENTICATION_CODES = new Set(["AUTHENTICATION_ERROR", "authentication error"]);

/**
 * Maps a failed GraphQL call to a contexten error: Linear's `Entity not found` becomes
 * {@link NotFoundError}; anything else an {@link ApiCallError} whose `platformCode` is
 * Linear's `extensions.code` (or its error type) and whose `cause` is the SDK's own
 * `LinearError` (from `parseLinearError`), so callers can still inspect `type` and
 * `errors` as with `LinearClient`. Rate limits never get here: the resilient fetch retries
 * them and throws `RateLimitError` when the wait runs out.
 */
export function toLinearApiError(failure: LinearFailure): ContextenError {
  const errors = typeof failure.body === "object" ? (failure.body.errors ?? []) : [];
  const notFound = errors
    .map((error) => ENTITY_NOT_FOUND.exec(error.message ?? ""))
    .find((match) => match !== null);
  if (notFound) {
    const entity = (notFound[1] ?? failure.operation).toLowerCase();
    const id = lookedUpId(failure.variables);
    return new NotFoundError({
      entity,
      id,
      platform: "linear",
      message: `Linear ${entity} ${JSON.stringify(id)} was not found (operation ${failure.operation}): check the id or identifier, and that the API key's user can see it.`,
    });
  }
  const first = errors[0];
  const code = first?.extensions?.code ?? first?.extensions?.type;
  const authentication =
    failure.status === 401 ||
    (code !== undefined && AUTHENTICATION_CODES.has(code)) ||
    first?.extensions?.type === "authentication error";
  const detail =
    first?.extensions?.userPresentableMessage ??
    first?.message ??
    (typeof failure.body === "string" && failure.body.trim() !== ""
      ? failure.body.slice(0, 200)
      : `HTTP ${failure.status}`);
  const hint = authentication ? " Check LINEAR_API_KEY (or apiKey): Linear did not accept it." : "";
  return new ApiCallError({
    platform: "linear",
    method: "POST",
    url: failure.url,
    status: failure.status,
    headers: failure.headers,
    body: failure.body,
    platformCode: code ?? (authentication ? "AUTHENTICATION_ERROR" : undefined),
    // A 2xx/4xx answer with GraphQL errors was executed or refused on purpose.
    isRetryable: failure.status >= 500,
    message: `Linear ${failure.operation} failed: ${detail}${code ? ` (${code})` : ""}.${hint}`,
    cause: parseLinearError({
      message: detail,
      response: {
        ...(typeof failure.body === "object" ? failure.body : { error: failure.body }),
        status: failure.status,
        headers: new Headers(failure.headers),
      },
      request: { query: failure.query, variables: failure.variables },
      // The SDK types `errors[].message` as its error-type enum; Linear sends text.
    } as unknown as SdkErrorInput),
  });
}

function lookedUpId(variables: Record<string, unknown> | undefined): string {
  for (const name of ["id", "issueId", "branchName"]) {
    const value = variables?.[name];
    if (typeof value === "string") return value;
  }
  return "";
}
