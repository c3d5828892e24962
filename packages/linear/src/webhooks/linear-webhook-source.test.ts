import {
  ConfigurationError,
  type CorrelatedEvent,
  createWebhookHandler,
  MemoryEventStore,
  WebhookVerificationError,
} from "@contexten/core";
import { toTestWebhookRequest, withoutHeaders } from "@contexten/core/testing";
import { runWebhookSourceConformance } from "@contexten/core/testing/conformance";
import { LinearWebhookClient } from "@linear/sdk/webhooks";
import { describe, expect, it } from "vitest";
import { createLinearWebhookRequest, signLinearWebhook } from "../testing/index";
import { fixture, LINEAR_FIXTURES } from "./__fixtures__/fixtures";
import { LINEAR_WEBHOOK_HEADERS } from "./linear-webhook-headers";
import { linearWebhooks } from "./linear-webhook-source";

const SECRET = "lin_wh_contexten_test_secret";
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const clock = { now: () => NOW, setTimeout, clearTimeout };

runWebhookSourceConformance({
  name: "Linear",
  source: linearWebhooks({ secret: SECRET }),
  deliveries: Object.keys(LINEAR_FIXTURES).map((name) => ({
    name,
    // A redelivery repeats Linear-Delivery; the timestamp and signature are fresh each time.
    request: () =>
      createLinearWebhookRequest({
        payload: fixture(name),
        secret: SECRET,
        deliveryId: `d-${name}`,
      }),
  })),
  withoutSignature: (request) => withoutHeaders(request, LINEAR_WEBHOOK_HEADERS.signature),
});

function setup(options: Parameters<typeof linearWebhooks>[0] = {}) {
  const store = new MemoryEventStore();
  const processed: CorrelatedEvent[] = [];
  const handler = createWebhookHandler({
    sources: linearWebhooks({ secret: SECRET, clock, ...options }),
    store,
    onEvent: (event) => {
      processed.push(event);
    },
  });
  const send = async (request: Request) => {
    const response = await handler(request);
    await handler.drain();
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const stored = async () => (await store.query({ limit: 1000 })).events;
  return { store, handler, processed, send, stored };
}

const signed = (
  name: string,
  extra: Partial<Parameters<typeof createLinearWebhookRequest>[0]> = {},
) =>
  createLinearWebhookRequest({ payload: fixture(name), secret: SECRET, timestamp: NOW, ...extra });

describe("Linear's signature scheme", () => {
  it("is hex HMAC-SHA256 over the raw body (fixed vector)", () => {
    const body = '{"action":"create","type":"Issue","webhookTimestamp":1700000000000}';
    expect(signLinearWebhook("lin_wh_contexten_vector", body)).toBe(
      "312b3af757ce4263530c725eaa6042eef043a8ade6db04216a253eedad31b1ba",
    );
  });

  it("signs requests that Linear's own LinearWebhookClient accepts, and accepts what it accepts", async () => {
    const request = createLinearWebhookRequest({
      payload: fixture("issue-create"),
      secret: SECRET,
    });
    const raw = Buffer.from(await request.clone().arrayBuffer());
    const signature = request.headers.get(LINEAR_WEBHOOK_HEADERS.signature)!;
    expect(new LinearWebhookClient(SECRET).verify(raw, signature)).toBe(true);
    expect(() => new LinearWebhookClient("another secret").verify(raw, signature)).toThrow();
    const { send, stored } = setup({ clock: undefined });
    expect((await send(request)).status).toBe(200);
    expect((await stored()).map((event) => event.type)).toEqual(["linear.issue.created"]);
  });
});

describe("linearWebhooks through createWebhookHandler", () => {
  it("stores the events of a valid delivery and acknowledges with 200", async () => {
    const { send, stored, processed } = setup();
    const result = await send(signed("issue-update-status", { deliveryId: "d-1" }));
    expect(result).toMatchObject({ status: 200, body: { ok: true, deliveryId: "d-1", events: 2 } });
    expect(result.body.eventIds).toHaveLength(2);
    expect((await stored()).map((event) => event.type).sort()).toEqual([
      "linear.issue.status_changed",
      "linear.issue.updated",
    ]);
    expect(processed).toHaveLength(2);
  });

  it("answers a wrong or missing signature with 401 and stores nothing", async () => {
    const { send, stored, processed } = setup();
    const wrong = await send(
      signed("issue-create", { headers: { "linear-signature": "ab".repeat(32) } }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: "webhook_verification_failed" } });
    const otherSecret = createLinearWebhookRequest({
      payload: fixture("issue-create"),
      secret: "not the secret",
      timestamp: NOW,
    });
    expect((await send(otherSecret)).status).toBe(401);
    const missing = await send(withoutHeaders(signed("issue-create"), "linear-signature"));
    expect(missing.status).toBe(401);
    expect((missing.body.error as { message: string }).message).toMatch(/Missing Linear-Signature/);
    expect(await stored()).toEqual([]);
    expect(processed).toEqual([]);
  });

  it("answers a signed webhookTimestamp more than 60 s away with 401 and stores nothing", async () => {
    const { send, stored } = setup();
    for (const timestamp of [NOW - 60_001, NOW + 60_001]) {
      const result = await send(signed("issue-create", { timestamp }));
      expect(result.status).toBe(401);
      expect((result.body.error as { message: string }).message).toMatch(
        /webhookTimestamp \(signed, in the body\) is 60 s away from now \(limit 60 s\)/,
      );
    }
    expect(await stored()).toEqual([]);
    expect((await send(signed("issue-create", { timestamp: NOW - 60_000 }))).status).toBe(200);
    const lenient = setup({ toleranceMs: 300_000 });
    expect((await lenient.send(signed("issue-create", { timestamp: NOW - 120_000 }))).status).toBe(
      200,
    );
  });

  it("refuses a signed body without webhookTimestamp as a replay risk", async () => {
    const { send, stored } = setup();
    const body = JSON.stringify({ ...fixture("issue-create"), webhookTimestamp: undefined });
    const request = new Request("http://127.0.0.1/webhooks/linear", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "linear-signature": signLinearWebhook(SECRET, body),
        "linear-delivery": "d-no-ts",
      },
      body,
    });
    const result = await send(request);
    expect(result.status).toBe(401);
    expect((result.body.error as { message: string }).message).toMatch(
      /Missing or unreadable webhookTimestamp/,
    );
    expect(await stored()).toEqual([]);
  });

  it("processes a redelivery once (same Linear-Delivery, fresh timestamp and signature)", async () => {
    const { send, stored, processed } = setup();
    const first = await send(signed("comment-create", { deliveryId: "d-42" }));
    const again = await send(
      signed("comment-create", { deliveryId: "d-42", timestamp: NOW + 30_000 }),
    );
    expect(first.status).toBe(200);
    expect(again).toEqual({
      status: 200,
      body: { ok: true, duplicate: true, deliveryId: "d-42", eventIds: first.body.eventIds },
    });
    expect(processed).toHaveLength(1);
    expect(await stored()).toHaveLength(1);
  });

  it("derives a delivery id when Linear-Delivery is missing, so retries still dedupe", async () => {
    const { send, stored, processed } = setup();
    const first = await send(signed("issue-create", { deliveryId: null }));
    const retry = await send(signed("issue-create", { deliveryId: null, timestamp: NOW + 5_000 }));
    expect(first.body.deliveryId).toMatch(/^derived-[0-9a-f]{32}$/);
    expect(retry.body).toMatchObject({ duplicate: true, deliveryId: first.body.deliveryId });
    const other = await send(signed("issue-update-title", { deliveryId: null }));
    expect(other.body.deliveryId).not.toBe(first.body.deliveryId);
    expect(processed).toHaveLength(2);
    expect(await stored()).toHaveLength(2);
  });

  it("answers malformed signed bodies with 400 and stores nothing", async () => {
    const { send, stored } = setup();
    const bodies = [
      "not json",
      "[1,2]",
      JSON.stringify({
        type: "Issue",
        webhookTimestamp: NOW,
        data: { id: "x", identifier: "ENG-1" },
      }),
      JSON.stringify({ action: "create", type: "Issue", webhookTimestamp: NOW, data: { id: "x" } }),
      JSON.stringify({ action: "create", type: "Comment", webhookTimestamp: NOW, data: "x" }),
    ];
    const messages: string[] = [];
    for (const body of bodies) {
      const result = await send(
        new Request("http://127.0.0.1/webhooks/linear", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "linear-signature": signLinearWebhook(SECRET, body),
            "linear-delivery": `bad-${messages.length}`,
          },
          body,
        }),
      );
      expect(result.status).toBe(400);
      messages.push((result.body.error as { message: string }).message);
    }
    expect(messages).toEqual([
      expect.stringMatching(/not valid JSON/),
      expect.stringMatching(/must be a JSON object/),
      expect.stringMatching(/"action" must be a non-empty string/),
      expect.stringMatching(/needs "data.identifier"/),
      expect.stringMatching(/"data" must be an object/),
    ]);
    expect(await stored()).toEqual([]);
  });

  it("stores types it has no normalizer for as linear.<type>.<action>", async () => {
    const { send, stored } = setup();
    const payload = { ...fixture("reaction-create"), type: "CustomerNeed", action: "archive" };
    const result = await send(
      createLinearWebhookRequest({ payload, secret: SECRET, timestamp: NOW }),
    );
    expect(result.status).toBe(200);
    expect((await stored()).map((event) => event.type)).toEqual(["linear.customer_need.archive"]);
  });

  it("accepts any of several secrets (rotation), also from LINEAR_WEBHOOK_SECRET", async () => {
    const rotating = setup({ secret: undefined, secrets: ["new-secret", SECRET] });
    expect((await rotating.send(signed("issue-create"))).status).toBe(200);
    const fromEnv = setup({
      secret: undefined,
      env: { LINEAR_WEBHOOK_SECRET: `new-secret, ${SECRET}` },
    });
    expect((await fromEnv.send(signed("issue-create"))).status).toBe(200);
    const oneOptionWins = setup({
      secret: SECRET,
      env: { LINEAR_WEBHOOK_SECRET: "not-the-secret" },
    });
    expect((await oneOptionWins.send(signed("issue-create"))).status).toBe(200);
    expect(() => linearWebhooks({ env: {} })).toThrow(ConfigurationError);
    expect(() => linearWebhooks({ env: {} })).toThrow(/set LINEAR_WEBHOOK_SECRET or pass secret/);
  });

  it("raises WebhookVerificationError from verify, before anything is parsed", async () => {
    const source = linearWebhooks({ secret: SECRET, clock });
    const request = await toTestWebhookRequest(
      signed("issue-create", { timestamp: NOW - 120_000 }),
    );
    const error = await Promise.resolve()
      .then(() => source.verify(request))
      .catch((caught: unknown) => caught);
    expect(WebhookVerificationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: "stale_timestamp" });
  });
});
