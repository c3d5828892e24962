import { createHmac } from "node:crypto";
import type { WebhookDelivery, WebhookRequest, WebhookSource } from "../contracts/webhook-source";
import { ValidationError } from "../errors/validation-error";
import { deriveEventId } from "../events/derive-event-id";
import type { CorrelatedEvent } from "../models/correlated-event";
import { verifyHmacSignature } from "../webhooks/verify-hmac-signature";

/** Body of a test-platform delivery. */
export interface TestWebhookBody {
  /** Action, becomes the last segment of the event type. */
  action: string;
  /** Subject id. */
  id: string;
  /** Correlation keys the event is. */
  keys?: string[];
  /** Correlation keys it mentions (evidence `mentions`). */
  refs?: string[];
  /** Extra payload. */
  [field: string]: unknown;
}

/** Options for {@link createTestWebhookSource}. */
export interface TestWebhookSourceOptions {
  /** Platform id (default `test`). */
  platform?: string | undefined;
  /** HMAC secret(s); the first signs, any verifies. */
  secret: string | readonly string[];
  /** Ack deadline to advertise, ms. */
  ackDeadlineMs?: number | undefined;
  /** Builds the ack body; lets tests exercise `acknowledge`. */
  acknowledge?: WebhookSource<TestWebhookBody>["acknowledge"] | undefined;
}

/** Header names the test platform uses. */
export const TEST_WEBHOOK_HEADERS = {
  signature: "x-test-signature",
  delivery: "x-test-delivery",
  event: "x-test-event",
} as const;

/** `sha256=<hex hmac>` over the raw body: the scheme the test platform uses. */
export function signTestWebhook(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * A small, complete webhook source for a made-up `test` platform, signed like GitHub
 * (`x-test-signature: sha256=…`). Core's handler tests use it; adapter authors can read
 * it as the shortest correct example of the {@link WebhookSource} contract.
 *
 * `x-test-event: ping` is a control message answered with `{ pong: true }`.
 */
export function createTestWebhookSource(
  options: TestWebhookSourceOptions,
): WebhookSource<TestWebhookBody> {
  const platform = options.platform ?? "test";
  const secrets = [options.secret].flat();
  return {
    platform,
    contentTypes: ["application/json"],
    ackDeadlineMs: options.ackDeadlineMs ?? 10_000,
    matches: (request) => request.headers.has(TEST_WEBHOOK_HEADERS.signature),
    verify(request: WebhookRequest) {
      verifyHmacSignature({
        platform,
        header: TEST_WEBHOOK_HEADERS.signature,
        signature: request.headers.get(TEST_WEBHOOK_HEADERS.signature),
        secrets,
        payload: request.rawBody,
        prefix: "sha256=",
      });
    },
    parse(request) {
      const eventName = request.headers.get(TEST_WEBHOOK_HEADERS.event);
      const deliveryId = request.headers.get(TEST_WEBHOOK_HEADERS.delivery);
      if (!eventName || !deliveryId) {
        throw new ValidationError({
          platform,
          message: `Missing ${!eventName ? TEST_WEBHOOK_HEADERS.event : TEST_WEBHOOK_HEADERS.delivery} header.`,
        });
      }
      if (eventName === "ping")
        return { kind: "control", eventName, deliveryId, reply: { body: { pong: true } } };
      let body: unknown;
      try {
        body = JSON.parse(request.text);
      } catch (error) {
        throw new ValidationError({ platform, message: "Body is not valid JSON.", cause: error });
      }
      if (
        typeof body !== "object" ||
        body === null ||
        typeof (body as TestWebhookBody).action !== "string"
      ) {
        throw new ValidationError({
          platform,
          message: 'Body must be a JSON object with a string "action".',
        });
      }
      return { kind: "delivery", deliveryId, eventName, body: body as TestWebhookBody };
    },
    normalize(delivery: WebhookDelivery<TestWebhookBody>, { request }): CorrelatedEvent[] {
      const { body } = delivery;
      return [
        {
          id: deriveEventId(platform, delivery.deliveryId, 0),
          type: `${platform}.${delivery.eventName}.${body.action}`,
          platform,
          occurredAt: request.receivedAt,
          receivedAt: request.receivedAt,
          deliveryId: delivery.deliveryId,
          subject: { kind: delivery.eventName, id: body.id },
          keys: body.keys ?? [],
          refs: (body.refs ?? []).map((key) => ({ key, evidence: "mentions" as const })),
          payload: body,
          correlationId: null,
          parentEventId: null,
          workflowId: null,
        },
      ];
    },
    acknowledge: options.acknowledge,
  };
}

/** Builds a signed `Request` for the test platform. */
export function createTestWebhookRequest(options: {
  secret: string;
  event: string;
  deliveryId: string;
  body: unknown;
  url?: string;
  headers?: Record<string, string>;
}): Request {
  const text = JSON.stringify(options.body);
  return new Request(options.url ?? "http://127.0.0.1/webhooks/test", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [TEST_WEBHOOK_HEADERS.signature]: signTestWebhook(options.secret, text),
      [TEST_WEBHOOK_HEADERS.delivery]: options.deliveryId,
      [TEST_WEBHOOK_HEADERS.event]: options.event,
      ...options.headers,
    },
    body: text,
  });
}
