/**
 * Stable, machine-readable error codes. Codes never change meaning once released; new
 * codes may be added. Match on `code`, never on `message`.
 */
export type ContextenErrorCode =
  | "api_call_failed"
  | "rate_limited"
  | "webhook_verification_failed"
  | "validation_failed"
  | "not_found"
  | "configuration_invalid"
  | (string & {});

const MARKER = Symbol.for("contexten.error");

/** Options shared by every contexten error. */
export interface ContextenErrorOptions {
  /** Stable machine-readable code, e.g. `rate_limited`. */
  code: ContextenErrorCode;
  /** What went wrong and, where possible, what to do about it. */
  message: string;
  /** Platform the error concerns (`github`, `slack`, `linear`), if any. */
  platform?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error contexten throws.
 *
 * Use {@link ContextenError.isInstance} rather than `instanceof`: when an application ends
 * up with two copies of `@contexten/core` (a CJS and an ESM build, or two versions), classes
 * differ but the `Symbol.for` marker is shared, so the check still works.
 */
export class ContextenError extends Error {
  /** Marker shared across every copy of the package. */
  /** Stable machine-readable code. */
  readonly code: ContextenErrorCode;
  /** Platform the error concerns, if any. */
  readonly platform: string | undefined;

  constructor(options: ContextenErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    markInstance(this, MARKER);
    this.name = "ContextenError";
    this.code = options.code;
    this.platform = options.platform;
  }

  /** True for any contexten error, from any copy of the package. */
  static isInstance(error: unknown): error is ContextenError {
    return hasMarker(error, MARKER);
  }

  /** A plain JSON shape, safe to send in an HTTP response or a log line. */
  toJSON(): { name: string; code: string; message: string; platform?: string } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.platform ? { platform: this.platform } : {}),
    };
  }
}

/**
 * Stamps `target` with a non-enumerable `Symbol.for` marker, so that `isInstance` can
 * recognise it across duplicate copies of the package.
 */
export function markInstance(target: object, marker: symbol): void {
  Object.defineProperty(target, marker, { value: true, enumerable: false });
}

/**
 * True when `value` is an object carrying the given `Symbol.for` marker. Each subclass
 * has its own marker so `isInstance` distinguishes subclasses across package copies.
 */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    marker in value &&
    (value as Record<symbol, unknown>)[marker] === true
  );
}
