import { ApiCallError, type ApiCallErrorOptions } from "./api-call-error";
import { hasMarker, markInstance } from "./contexten-error";

const MARKER = Symbol.for("contexten.error.rate_limit");

/** Options for {@link RateLimitError}. */
export interface RateLimitErrorOptions extends Omit<ApiCallErrorOptions, "isRetryable" | "code"> {
  /** Milliseconds the platform asked us to wait (`Retry-After`, reset headers). */
  retryAfterMs?: number | undefined;
  /** Rate-limit resource that was exhausted, e.g. `core`, `search`, `chat.postMessage`. */
  resource?: string | undefined;
}

/**
 * The platform refused a call because a rate limit was exceeded (HTTP 429, GitHub's
 * secondary-limit 403, Linear's `RATELIMITED`). Always retryable after `retryAfterMs`.
 */
export class RateLimitError extends ApiCallError {
  /** Milliseconds to wait before retrying, when the platform said. */
  readonly retryAfterMs: number | undefined;
  /** The exhausted resource, when known. */
  readonly resource: string | undefined;

  constructor(options: RateLimitErrorOptions) {
    super({
      ...options,
      code: "rate_limited",
      isRetryable: true,
      message:
        options.message ??
        `${options.platform} rate limit exceeded` +
          (options.resource ? ` for ${options.resource}` : "") +
          (options.retryAfterMs === undefined
            ? ""
            : `; retry after ${Math.ceil(options.retryAfterMs / 1000)} s`),
    });
    markInstance(this, MARKER);
    this.name = "RateLimitError";
    this.retryAfterMs = options.retryAfterMs;
    this.resource = options.resource;
  }

  /** True for a {@link RateLimitError} from any copy of the package. */
  static override isInstance(error: unknown): error is RateLimitError {
    return hasMarker(error, MARKER);
  }
}
