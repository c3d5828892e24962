import { createWebhookHandler } from "@contexten/core";
import { deriveEventId } from "@contexten/core/adapter";
import {
  createTestWebhookRequest,
  createTestWebhookSource,
  signTestWebhook,
  TEST_WEBHOOK_HEADERS,
} from "@contexten/core/testing";
import { describe, expect, it } from "vitest";
import { useBackends } from "./support/store-fixture";

const SECRET = "hostile-secret";
const backends = useBackends();

function signedRequest(deliveryId: string, text: string): Request {
  return new Request("http://127.0.0.1/webhooks/test", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [TEST_WEBHOOK_HEADERS.signature]: signTestWebhook(SECRET, text),
      [TEST_WEBHOOK_HEADERS.delivery]: deliveryId,
      [TEST_WEBHOOK_HEADERS.event]: "thing",
    },
    body: text,
  });
}

describe.each(backends)("hostile webhook deliveries into the store on $name", (backend) => {
  it("are stored, repaired and noted, instead of being refused forever", async () => {
    const { store, schema, raw } = await backend.create();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
    });
    const branch = `test:branch:${"枝".repeat(1000)}`;
    const requests = [
      createTestWebhookRequest({
        secret: SECRET,
        event: "thing",
        deliveryId: "nul",
        body: { action: "opened", id: "thing\u0000", text: "a\u0000b", lone: "\ud800" },
      }),
      createTestWebhookRequest({
        secret: SECRET,
        event: "thing",
        deliveryId: "long-key",
        body: { action: "opened", id: "thing-2", keys: [branch] },
      }),
      signedRequest(
        "deep",
        `{"action":"opened","id":"thing-3","deep":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      ),
    ];
    for (const request of requests) {
      const response = await handler(request);
      expect(response.status, await response.clone().text()).toBe(200);
    }

    const rows = await raw<{ id: string; subject_id: string; notes: string[] }>(
      `SELECT id, subject->>'id' AS subject_id, notes FROM "${schema}".events ORDER BY id`,
    );
    const byDelivery = (deliveryId: string) =>
      rows.find((row) => row.id === deriveEventId("test", deliveryId, 0));
    expect(byDelivery("nul")).toMatchObject({
      subject_id: "thing\uFFFD",
      notes: [
        "subject.id: 1 NUL character replaced with U+FFFD",
        "payload: 2 NUL characters and 1 lone surrogate replaced with U+FFFD",
      ],
    });
    expect(byDelivery("long-key")?.notes).toEqual([
      "keys[0]: 3,012-byte key shortened to at most 512 bytes, ending in a hash of the whole key",
    ]);
    expect(byDelivery("deep")?.notes[0]).toMatch(/^payload: nested deeper than 1,000 levels/);
    const deliveries = await raw(`SELECT delivery_id FROM "${schema}".deliveries`);
    expect(deliveries).toHaveLength(3);
  });
});
