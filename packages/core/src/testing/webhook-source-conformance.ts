import { describe, expect, it } from "vitest";
import type { WebhookRequest, WebhookSource } from "../contracts/webhook-source";
import { WebhookVerificationError } from "../errors/webhook-verification-error";
import { correlatedEventSchema } from "../models/correlated-event";
import { eventTypeSchema } from "../models/event-type";
import { toWebhookRequest } from "../webhooks/pipeline/inbound-webhook";

/** One valid, correctly signed delivery for {@link runWebhookSourceConformance}. */
export interface ConformanceDelivery {
  /** Test name, e.g. `"pull_request.opened"`. */
  name: string;
  /** Builds a fresh signed request each call. */
  request: () => Request | Promise<Request>;
  /** `control` for messages answered without events (ping, url_verification). Default `delivery`. */
  kind?: "delivery" | "control";
}

/** Options for {@link runWebhookSourceConformance}. */
export interface WebhookSourceConformanceOptions {
  /** Suite name, e.g. `"GitHub"`. */
  name: string;
  /** The source under test. */
  source: WebhookSource<unknown>;
  /** Valid, signed deliveries; each is verified, parsed and normalized. */
  deliveries: readonly ConformanceDelivery[];
  /** Strips the signature header(s) from a signed request. */
  withoutSignature: (request: Request) => Request | Promise<Request>;
}

async function read(request: Request): Promise<WebhookRequest> {
  return toWebhookRequest(
    request,
    new Uint8Array(await request.arrayBuffer()),
    new Date("2026-01-01T00:00:00Z"),
  );
}

/** Same headers, body with its last non-whitespace byte changed: the signature no longer matches. */
async function tamper(request: Request): Promise<Request> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  let index = bytes.length - 1;
  while (index > 0 && (bytes[index] === 0x0a || bytes[index] === 0x20)) index -= 1;
  bytes[index] = bytes[index] === 0x7d ? 0x5d : 0x7d;
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: bytes,
  });
}

/**
 * Checks a {@link WebhookSource} the same way for every platform: each signed delivery
 * is recognized, verified, parsed and normalized into schema-valid events whose ids are
 * stable across redeliveries; a tampered body or a missing signature is refused with
 * `WebhookVerificationError` before anything is parsed.
 */
export function runWebhookSourceConformance(options: WebhookSourceConformanceOptions): void {
  const { source } = options;
  describe(`WebhookSource conformance: ${options.name}`, () => {
    it("declares a platform and accepted content types", () => {
      expect(source.platform).toMatch(/^[a-z][a-z0-9_-]*$/);
      expect(source.contentTypes.length).toBeGreaterThan(0);
    });

    for (const delivery of options.deliveries) {
      describe(delivery.name, () => {
        it("is recognized, verified and parsed", async () => {
          const request = await read(await delivery.request());
          expect(source.matches(request)).toBe(true);
          expect(source.contentTypes).toContain(request.contentType);
          await source.verify(request);
          const parsed = await source.parse(request);
          expect(parsed.kind).toBe(delivery.kind ?? "delivery");
        });

        if ((delivery.kind ?? "delivery") === "delivery") {
          it("normalizes to valid events with ids stable across redeliveries", async () => {
            const normalizeOnce = async () => {
              const request = await read(await delivery.request());
              await source.verify(request);
              const parsed = await source.parse(request);
              if (parsed.kind !== "delivery") throw new Error("expected a delivery");
              return { parsed, events: await source.normalize(parsed, { request }) };
            };
            const first = await normalizeOnce();
            const second = await normalizeOnce();
            expect(first.events.length).toBeGreaterThan(0);
            expect(second.events.map((event) => event.id)).toEqual(
              first.events.map((event) => event.id),
            );
            expect(new Set(first.events.map((event) => event.id)).size).toBe(first.events.length);
            for (const event of first.events) {
              const result = correlatedEventSchema.safeParse(event);
              expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
              expect(eventTypeSchema.safeParse(event.type).success).toBe(true);
              expect(event.platform).toBe(source.platform);
              expect(event.deliveryId).toBe(first.parsed.deliveryId);
            }
          });
        }

        it("refuses a tampered body", async () => {
          const request = await read(await tamper(await delivery.request()));
          const error = await Promise.resolve()
            .then(() => source.verify(request))
            .catch((caught: unknown) => caught);
          expect(WebhookVerificationError.isInstance(error)).toBe(true);
        });

        it("refuses a missing signature", async () => {
          const request = await read(await options.withoutSignature(await delivery.request()));
          const error = await Promise.resolve()
            .then(() => source.verify(request))
            .catch((caught: unknown) => caught);
          expect(WebhookVerificationError.isInstance(error)).toBe(true);
        });
      });
    }
  });
}
