import type {
  ParsedWebhook,
  WebhookDelivery,
  WebhookRequest,
  WebhookSource,
} from "../../contracts/webhook-source";
import { ValidationError } from "../../errors/validation-error";
import { WebhookVerificationError } from "../../errors/webhook-verification-error";
import { type ErrorSinks, reportError } from "../../events/report-error";
import type { CorrelatedEvent } from "../../models/correlated-event";
import { refuse, type StepRefusal } from "./refusal";

/**
 * Verifies the signature over the raw body: a `WebhookVerificationError` is a 401 with
 * its (safe, written for senders) message; anything else the source throws is its bug,
 * reported and answered 500 without details.
 */
export async function verifyRequest(
  source: WebhookSource<unknown>,
  request: WebhookRequest,
  sinks: ErrorSinks,
): Promise<StepRefusal | undefined> {
  try {
    await source.verify(request);
    return undefined;
  } catch (error) {
    if (WebhookVerificationError.isInstance(error)) {
      return refuse(401, "webhook_verification_failed", error.message);
    }
    return sourceFailure(source, "verify", error, sinks);
  }
}

/** Parses the verified body: a `ValidationError` is a 400 with its message. */
export async function parseRequest(
  source: WebhookSource<unknown>,
  request: WebhookRequest,
  sinks: ErrorSinks,
): Promise<ParsedWebhook<unknown> | StepRefusal> {
  try {
    return await source.parse(request);
  } catch (error) {
    if (ValidationError.isInstance(error)) return refuse(400, "validation_failed", error.message);
    return sourceFailure(source, "parse", error, sinks);
  }
}

/** Turns the delivery into events: a `ValidationError` is a 400 with its message. */
export async function normalizeDelivery(
  source: WebhookSource<unknown>,
  delivery: WebhookDelivery<unknown>,
  request: WebhookRequest,
  sinks: ErrorSinks,
): Promise<CorrelatedEvent[] | StepRefusal> {
  try {
    return await source.normalize(delivery, { request });
  } catch (error) {
    if (ValidationError.isInstance(error)) return refuse(400, "validation_failed", error.message);
    return sourceFailure(source, "normalize", error, sinks, delivery.deliveryId);
  }
}

function sourceFailure(
  source: WebhookSource<unknown>,
  step: string,
  error: unknown,
  sinks: ErrorSinks,
  deliveryId?: string,
): StepRefusal {
  reportError(sinks, {
    phase: `webhook.${step}`,
    error,
    platform: source.platform,
    ...(deliveryId ? { deliveryId } : {}),
  });
  return refuse(
    500,
    "source_failed",
    `The ${source.platform} webhook could not be processed (${step} failed); the details are in the receiver's logs.`,
  );
}
