import { ContextenError, hasMarker, markInstance } from "./contexten-error";

const MARKER = Symbol.for("contexten.error.webhook_verification");

/** Why a webhook failed verification. */
export type WebhookVerificationReason =
  | "missing_signature"
  | "invalid_signature"
  | "stale_timestamp"
  | "missing_timestamp"
  | "unrecognized_source";

/**
 * A webhook's signature was missing, wrong or outside its time window. The webhook
 * handler answers 401 and stores nothing.
 */
export class WebhookVerificationError extends ContextenError {
  /** Why verification failed. */
  readonly reason: WebhookVerificationReason;

  constructor(options: {
    platform: string;
    reason: WebhookVerificationReason;
    message: string;
    cause?: unknown;
  }) {
    super({
      code: "webhook_verification_failed",
      platform: options.platform,
      message: options.message,
      cause: options.cause,
    });
    markInstance(this, MARKER);
    this.name = "WebhookVerificationError";
    this.reason = options.reason;
  }

  /** True for a {@link WebhookVerificationError} from any copy of the package. */
  static override isInstance(error: unknown): error is WebhookVerificationError {
    return hasMarker(error, MARKER);
  }
}
