/**
 * What the edge test bundles and runs inside the edge runtime's VM: the webhook handler
 * with the GitHub source and the memory store, as an edge function would set them up.
 * Results leave the VM as JSON text, so no object crosses between the two realms.
 */
import { createWebhookHandler, MemoryEventStore } from "@contexten/core";
import { githubWebhooks } from "@contexten/github";

const store = new MemoryEventStore();
let handler: ((request: Request) => Promise<Response>) | undefined;

const edge = {
  /** Creates the handler (the secret comes from the test, as from an edge env var). */
  setUp(secret: string): void {
    handler = createWebhookHandler({ sources: [githubWebhooks({ secret })], store });
  },
  /** What this runtime offers: an edge runtime has Web Crypto but neither process nor Buffer. */
  runtime(): string {
    const global = globalThis as Record<string, unknown>;
    return JSON.stringify({
      process: typeof global.process,
      buffer: typeof global.Buffer,
      subtle: typeof globalThis.crypto?.subtle?.verify,
    });
  },
  /** Delivers one request and answers with its status, body and what the store holds. */
  async deliver(body: string, headers: Record<string, string>): Promise<string> {
    if (!handler) throw new Error("call setUp first");
    const response = await handler(
      new Request("https://edge.example/webhooks/github", { method: "POST", headers, body }),
    );
    const { events } = await store.query({});
    return JSON.stringify({
      status: response.status,
      body: await response.text(),
      events: events.map(({ id, type, deliveryId, keys, refs, subject }) => ({
        id,
        type,
        deliveryId,
        keys,
        refs: refs.map((ref) => ref.key),
        subject,
      })),
    });
  },
};

(globalThis as { contextenEdge?: typeof edge }).contextenEdge = edge;
