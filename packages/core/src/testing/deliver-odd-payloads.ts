import { expect } from "vitest";
import type { EventStore } from "../contracts/event-store";
import { correlatedEventSchema } from "../models/correlated-event";
import type { WebhookHandler } from "../webhooks/create-webhook-handler";
import { HUGE_STRING, type OddPayloadVariant } from "./odd-payloads";

/** Options of {@link deliverOddPayloads}. */
export interface DeliverOddPayloadsOptions {
  /** The webhook handler under test (built with `store`). */
  handler: WebhookHandler;
  /** Where `handler` stores events. */
  store: EventStore;
  /** The platform every stored event must have; its types start with `<platform>.`. */
  platform: string;
  /** The variants to deliver (see `oddPayloadVariants`). */
  variants: Iterable<OddPayloadVariant>;
  /** The signed request carrying one variant (give each its own delivery id). */
  request(variant: OddPayloadVariant, index: number): Request | Promise<Request>;
  /**
   * Whether a variant may be refused with 400: the fields a source's parser checks (the
   * envelope). Default: none may.
   */
  mayRefuse?(variant: OddPayloadVariant): boolean;
}

/** What {@link deliverOddPayloads} saw. */
export interface OddPayloadDeliveries {
  /** Variants answered 200 and stored. */
  stored: number;
  /** Variants refused with 400 (only those `mayRefuse` allowed). */
  refused: number;
}

/**
 * Delivers each variant through `handler` and asserts (with vitest's `expect`) that it was
 * answered 200 with at least one event, every event stored and valid against
 * `correlatedEventSchema` with the platform's type prefix; or, where `mayRefuse` allows,
 * refused with 400 without repeating the odd value. Never a 5xx.
 */
export async function deliverOddPayloads(
  options: DeliverOddPayloadsOptions,
): Promise<OddPayloadDeliveries> {
  const outcome: OddPayloadDeliveries = { stored: 0, refused: 0 };
  let index = 0;
  for (const variant of options.variants) {
    const request = await options.request(variant, index);
    index += 1;
    const { response, result } = await options.handler.process(request);
    const answer = await response.text();
    const what = `${variant.description}: ${answer.slice(0, 300)}`;
    if (response.status === 400 && options.mayRefuse?.(variant)) {
      expect(answer, what).not.toContain(HUGE_STRING.slice(0, 40));
      outcome.refused += 1;
      continue;
    }
    expect(response.status, what).toBe(200);
    expect(result.eventIds.length, what).toBeGreaterThan(0);
    for (const id of result.eventIds) {
      const event = await options.store.get(id);
      const parsed = correlatedEventSchema.safeParse(event);
      expect(parsed.success, `${what} ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(parsed.data?.type.startsWith(`${options.platform}.`), what).toBe(true);
    }
    outcome.stored += 1;
  }
  return outcome;
}
