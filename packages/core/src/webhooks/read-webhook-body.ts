import type { WebhookRequest } from "../contracts/webhook-source";
import { ValidationError } from "../errors/validation-error";
import { parseFrozenJson } from "../sealing/json-text";

/** Reads a required header or throws {@link ValidationError} (answered 400) naming it. */
export function requireHeader(request: WebhookRequest, name: string, platform: string): string {
  const value = request.headers.get(name);
  if (!value) {
    throw new ValidationError({
      platform,
      message: `Missing ${name} header on the ${platform} webhook.`,
    });
  }
  return value;
}

/**
 * Parses the raw body as a JSON object or throws {@link ValidationError} (answered 400).
 * The object is deep-frozen and its text remembered (see `parseFrozenJson`): payloads
 * are what the platform sent and stay that way, and stores keep the received text
 * instead of serializing the payload again.
 */
export function parseJsonObject(
  text: string,
  platform: string,
  what = "webhook body",
): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseFrozenJson(text);
  } catch (error) {
    throw new ValidationError({
      platform,
      message: `The ${platform} ${what} is not valid JSON.`,
      cause: error,
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError({
      platform,
      message: `The ${platform} ${what} must be a JSON object.`,
    });
  }
  return value as Record<string, unknown>;
}

/** Parses an `application/x-www-form-urlencoded` body into a plain object (last value wins). */
export function parseFormBody(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}
