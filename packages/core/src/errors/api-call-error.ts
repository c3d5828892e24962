import { ContextenError, hasMarker, markInstance } from "./contexten-error";

const MARKER = Symbol.for("contexten.error.api_call");

/** What an {@link ApiCallError} knows about the failed call. */
export interface ApiCallErrorOptions {
  /** Platform that answered (or failed to). */
  platform: string;
  /** Human-readable summary; a sensible default is built from status and url. */
  message?: string | undefined;
  /** Request URL. */
  url: string;
  /** HTTP method. */
  method?: string | undefined;
  /** HTTP status, absent for network errors. */
  status?: number | undefined;
  /** Response headers, lower-cased names. */
  headers?: Record<string, string> | undefined;
  /** Response body as received (parsed JSON or text). */
  body?: unknown;
  /** Platform-specific error code, e.g. Slack's `channel_not_found`. */
  platformCode?: string | undefined;
  /** Whether retrying the same request may succeed. Defaults from the status. */
  isRetryable?: boolean | undefined;
  /** Underlying error (for network failures). */
  cause?: unknown;
  /** Overrides the stable code; defaults to `api_call_failed`. */
  code?: string | undefined;
}

/**
 * A platform API call failed: a non-2xx status, a Slack `ok: false`, a Linear GraphQL
 * error, or a network failure. Carries everything needed to decide what to do next.
 */
export class ApiCallError extends ContextenError {
  /** Request URL. */
  readonly url: string;
  /** HTTP method, when known. */
  readonly method: string | undefined;
  /** HTTP status; undefined when no response arrived. */
  readonly status: number | undefined;
  /** Response headers (lower-cased names). */
  readonly headers: Record<string, string>;
  /** Response body as received. */
  readonly body: unknown;
  /** The platform's own error code, e.g. Slack's `not_in_channel`. */
  readonly platformCode: string | undefined;
  /** Whether retrying the same request may succeed. */
  readonly isRetryable: boolean;

  constructor(options: ApiCallErrorOptions) {
    super({
      code: options.code ?? "api_call_failed",
      platform: options.platform,
      cause: options.cause,
      message:
        options.message ??
        `${options.platform} API call ${options.method ?? "GET"} ${options.url} failed` +
          (options.status === undefined ? " (no response)" : ` with status ${options.status}`) +
          (options.platformCode ? `: ${options.platformCode}` : ""),
    });
    markInstance(this, MARKER);
    this.name = "ApiCallError";
    this.url = options.url;
    this.method = options.method;
    this.status = options.status;
    this.headers = options.headers ?? {};
    this.body = options.body;
    this.platformCode = options.platformCode;
    this.isRetryable = options.isRetryable ?? isRetryableStatus(options.status);
  }

  /** True for an {@link ApiCallError} from any copy of the package. */
  static override isInstance(error: unknown): error is ApiCallError {
    return hasMarker(error, MARKER);
  }
}

/** Network failures (no status), 408, 429 and 5xx may succeed on a retry. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 429 || status >= 500;
}
