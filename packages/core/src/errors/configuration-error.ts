import { ContextenError, hasMarker, markInstance } from "./contexten-error";
import type { ValidationIssue } from "./validation-error";

const MARKER = Symbol.for("contexten.error.configuration");

/**
 * Configuration is missing or invalid. The message names the option and the environment
 * variable that would supply it, e.g. "set SLACK_SIGNING_SECRET or pass signingSecret".
 */
export class ConfigurationError extends ContextenError {
  /** Every problem found in the configuration. */
  readonly issues: readonly ValidationIssue[];

  constructor(options: {
    message: string;
    platform?: string;
    issues?: readonly ValidationIssue[];
    cause?: unknown;
  }) {
    super({
      code: "configuration_invalid",
      message: options.message,
      platform: options.platform,
      cause: options.cause,
    });
    markInstance(this, MARKER);
    this.name = "ConfigurationError";
    this.issues = options.issues ?? [];
  }

  /** True for a {@link ConfigurationError} from any copy of the package. */
  static override isInstance(error: unknown): error is ConfigurationError {
    return hasMarker(error, MARKER);
  }
}
