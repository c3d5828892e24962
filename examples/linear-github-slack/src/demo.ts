/**
 * A small core demo (the full three-platform demo replaces it): it serves contexten's
 * webhook handler on 127.0.0.1, sends it a signed delivery, the same delivery again and a
 * forged one, and shows what was stored.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CorrelatedEvent,
  createWebhookHandler,
  type EventStore,
  toNodeListener,
} from "@contexten/core";
import { createTestWebhookRequest, createTestWebhookSource } from "@contexten/core/testing";

const SECRET = "demo-secret";

function createDemoStore(): { store: EventStore; events: Map<string, CorrelatedEvent> } {
  const events = new Map<string, CorrelatedEvent>();
  const deliveries = new Set<string>();
  const unsupported = () => Promise.reject(new Error("not needed by this demo"));
  return {
    events,
    store: {
      async append(input) {
        const inserted: string[] = [];
        const existing: string[] = [];
        for (const event of [input].flat()) {
          (events.has(event.id) ? existing : inserted).push(event.id);
          events.set(event.id, event);
        }
        return { inserted, existing };
      },
      async recordDelivery(platform, deliveryId) {
        const key = `${platform}:${deliveryId}`;
        const first = !deliveries.has(key);
        deliveries.add(key);
        return first;
      },
      get: async (id) => events.get(id),
      findByKeys: unsupported,
      query: unsupported,
      assignCorrelation: unsupported,
      link: unsupported,
      linksOf: unsupported,
      lineage: unsupported,
      prune: unsupported,
    },
  };
}

async function main(): Promise<void> {
  const { store, events } = createDemoStore();
  const handler = createWebhookHandler({
    sources: createTestWebhookSource({ secret: SECRET }),
    store,
    onEvent: (event) => console.log(`  post-ack: handled ${event.type} (${event.id.slice(0, 8)}…)`),
  });
  const server = createServer(toNodeListener(handler));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/test`;
  console.log(`contexten core demo: webhook endpoint on ${url}\n`);

  const send = async (label: string, secret: string) => {
    const request = createTestWebhookRequest({
      secret,
      event: "issue",
      deliveryId: "delivery-1",
      body: { action: "opened", id: "ISSUE-1", keys: ["linear:issue:ENG-123"] },
      url,
    });
    const response = await fetch(url, {
      method: "POST",
      headers: request.headers,
      body: await request.text(),
    });
    console.log(`→ ${label.padEnd(28)} HTTP ${response.status} ${await response.text()}`);
    await handler.drain();
  };

  await send("signed delivery", SECRET);
  await send("same delivery again", SECRET);
  await send("forged signature", "wrong-secret");

  console.log(`\nStored events: ${events.size}`);
  for (const event of events.values()) console.log(`  ${event.type}  keys=${event.keys.join(",")}`);
  server.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
