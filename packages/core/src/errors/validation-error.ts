import { ContextenError, hasMarker, markInstance } from "./contexten-error";

const MARKER = Symbol.for("contexten.error.validation");

/** One problem found in validated input. */
export interface ValidationIssue {
  /** Dotted path of the offending field; empty for the whole value. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/**
 * Input did not match what was expected: a schema check failed, a webhook body was
 * malformed, a required header was missing. The message lists every issue with its path.
 */
export class ValidationError extends ContextenError {
  /** Every problem found, in order. */
  readonly issues: readonly ValidationIssue[];

  constructor(options: {
    message: string;
    issues?: readonly ValidationIssue[];
    platform?: string;
    cause?: unknown;
  }) {
    super({
      code: "validation_failed",
      message: options.message,
      platform: options.platform,
      cause: options.cause,
    });
    markInstance(this, MARKER);
    this.name = "ValidationError";
    this.issues = options.issues ?? [];
  }

  /** True for a {@link ValidationError} from any copy of the package. */
  static override isInstance(error: unknown): error is ValidationError {
    return hasMarker(error, MARKER);
  }
}
