import { createHmac } from "node:crypto";
import {
  type Clock,
  createWebhookHandler,
  MemoryEventStore,
  systemClock,
  type WebhookRequest,
} from "@contexten/core";
import { readValue, UNPARSED_PAYLOAD_KEY } from "@contexten/core/adapter";
import {
  DEEP_NESTING,
  DEEP_NESTING_DEPTH,
  oddPayloadJson,
  oddPayloadVariants,
  recordPayloadReads,
  withValueAt,
} from "@contexten/core/testing";
import { deliverOddPayloads } from "@contexten/core/testing/conformance";
import { describe, expect, it } from "vitest";
import { LINEAR_FIXTURES } from "./__fixtures__/fixtures";
import { LINEAR_WEBHOOK_HEADERS } from "./linear-webhook-headers";
import { linearWebhooks } from "./linear-webhook-source";

const SECRET = "odd-payload-secret";
const NOW = Date.UTC(2030, 0, 1, 9);
const clock: Clock = { ...systemClock, now: () => NOW };
const source = linearWebhooks({ secret: SECRET, clock, env: {} });
const request = { headers: new Headers(), receivedAt: new Date(NOW) } as unknown as WebhookRequest;

/**
 * Fields the parser checks (400 when their type is off) and the signed timestamp (401
 * when it is not a fresh number): a delivery is refused for these, never failed. An
 * Issue's identifier may be built from its team key and number, so those count too.
 */
const ENVELOPE = new Set([
  "type",
  "action",
  "data",
  "data.id",
  "data.identifier",
  "data.team",
  "data.team.key",
  "data.number",
  "updatedFrom",
]);

function signedRequest(body: string, deliveryId: string): Request {
  return new Request("http://127.0.0.1/webhooks/linear", {
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      [LINEAR_WEBHOOK_HEADERS.signature]: createHmac("sha256", SECRET).update(body).digest("hex"),
      [LINEAR_WEBHOOK_HEADERS.delivery]: deliveryId,
    },
    body,
  });
}

function withTimestamp(payload: Record<string, unknown>): Record<string, unknown> {
  return { ...payload, webhookTimestamp: NOW };
}

function normalize(body: Record<string, unknown>) {
  return source.normalize(
    { kind: "delivery", deliveryId: "d", eventName: String(body.type), body } as never,
    { request },
  );
}

describe("Linear: every fixture, each field the normalizer reads set to another type", () => {
  for (const [name, fixture] of Object.entries(LINEAR_FIXTURES)) {
    it(`${name}: every signed variant is stored as valid events, or refused with 400`, async () => {
      const payload = withTimestamp(structuredClone(fixture));
      const paths = recordPayloadReads(payload, (view) => normalize(view)).filter(
        (path) => path[0] !== "webhookTimestamp",
      );
      expect(paths.length).toBeGreaterThan(3);
      const store = new MemoryEventStore();
      const { stored } = await deliverOddPayloads({
        handler: createWebhookHandler({ sources: source, store }),
        store,
        platform: "linear",
        variants: oddPayloadVariants(payload, paths),
        request: (variant, index) => signedRequest(oddPayloadJson(variant.payload), `odd-${index}`),
        mayRefuse: (variant) => ENVELOPE.has(variant.path.join(".")),
      });
      expect(stored).toBeGreaterThan(paths.length);
    });
  }

  it("stores a status change of a body nested deeper than JSON.stringify recurses", async () => {
    const payload = withTimestamp(structuredClone(LINEAR_FIXTURES["issue-update-status"]!));
    const deep = withValueAt(payload, ["data", "labels"], DEEP_NESTING)!;
    const store = new MemoryEventStore();
    const handler = createWebhookHandler({ sources: source, store });
    const body = oddPayloadJson(deep);
    const { response, result } = await handler.process(signedRequest(body, "deep-1"));
    expect(response.status, await response.text()).toBe(200);
    const events = await Promise.all(result.eventIds.map((id) => store.get(id)));
    expect(events.map((event) => event?.type)).toEqual([
      "linear.issue.updated",
      "linear.issue.status_changed",
    ]);
    const changed = events[1]!;
    // Too deep for a store's JSON column, the payload is kept as its text, with a note.
    expect(changed.notes?.[0]).toMatch(/^payload: nested deeper than/);
    const text = readValue(changed.payload, UNPARSED_PAYLOAD_KEY);
    expect(typeof text).toBe("string");
    const stored = JSON.parse(text as string) as Record<string, unknown>;
    expect(stored).toMatchObject({ from: { id: expect.any(String) }, to: { name: "In Progress" } });
    // The whole body was stored: its labels are still nested all the way down.
    let depth = 0;
    for (let level = readValue(stored, "data", "labels"); Array.isArray(level); level = level[0]) {
      depth += 1;
    }
    expect(depth).toBe(DEEP_NESTING_DEPTH);
  });

  it("derives a delivery id without Linear-Delivery from a body of any shape", async () => {
    const payload = withTimestamp(structuredClone(LINEAR_FIXTURES["issue-update-title"]!));
    const handler = createWebhookHandler({ sources: source, store: new MemoryEventStore() });
    for (const variant of oddPayloadVariants(payload, [
      ["data", "updatedAt"],
      ["createdAt"],
      ["webhookId"],
    ])) {
      const body = oddPayloadJson(variant.payload);
      const request = signedRequest(body, "unused");
      request.headers.delete(LINEAR_WEBHOOK_HEADERS.delivery);
      const { response, result } = await handler.process(request);
      expect(response.status, `${variant.description}: ${await response.text()}`).toBe(200);
      expect(result.deliveryId, variant.description).toMatch(/^derived-[0-9a-f]{32}$/);
    }
  });
});
