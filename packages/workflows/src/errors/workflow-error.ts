import { ContextenError, type WorkflowErrorRecord } from "@contexten/core";
import { isRetryableError } from "@contexten/core/adapter";

// Marked like core's errors (a `Symbol.for` key), so isInstance works across package copies.
const MARKER = Symbol.for("contexten.error.workflow");

/** Stable codes of the failures the engine itself produces. */
export type WorkflowErrorCode =
  | "workflow_step_timed_out"
  | "workflow_wait_timed_out"
  | "workflow_step_interrupted"
  | "workflow_timed_out"
  | "workflow_canceled"
  | "workflow_action_unknown"
  | "workflow_output_invalid"
  | "workflow_template_failed"
  | "workflow_step_failed";

/**
 * A failure the engine reports on a step or a run (timeouts, cancelation, an action missing
 * from a worker, an output that is not JSON). `retryable` says whether another attempt may
 * help; the engine retries only those.
 */
export class WorkflowError extends ContextenError {
  /** Whether another attempt of the step may succeed. */
  readonly retryable: boolean;

  constructor(options: {
    code: WorkflowErrorCode;
    message: string;
    retryable?: boolean;
    cause?: unknown;
  }) {
    super({ code: options.code, message: options.message, cause: options.cause });
    Object.defineProperty(this, MARKER, { value: true, enumerable: false });
    this.name = "WorkflowError";
    this.retryable = options.retryable ?? false;
  }

  /** True for a {@link WorkflowError} from any copy of the package. */
  static override isInstance(error: unknown): error is WorkflowError {
    return typeof error === "object" && error !== null && MARKER in error;
  }
}

/** The stored form of an error: code, a readable message, and whether it may be retried. */
export function toErrorRecord(error: unknown, attempt?: number): WorkflowErrorRecord {
  const code = ContextenError.isInstance(error)
    ? error.code
    : error instanceof Error && error.name !== "Error"
      ? error.name
      : "action_failed";
  const message =
    error instanceof Error
      ? error.message
      : typeof error === "string"
        ? error
        : JSON.stringify(error);
  return {
    code,
    message: message || "the action failed without a message",
    retryable: isRetryableError(error),
    ...(attempt !== undefined ? { attempt } : {}),
  };
}
