import { createTestWebhookRequest, createTestWebhookSource } from "./test-webhook-source";
import { runWebhookSourceConformance } from "./webhook-source-conformance";

const secret = "conformance-secret";

runWebhookSourceConformance({
  name: "test platform",
  source: createTestWebhookSource({ secret }),
  deliveries: [
    {
      name: "issue.opened",
      request: () =>
        createTestWebhookRequest({
          secret,
          event: "issue",
          deliveryId: "d-1",
          body: {
            action: "opened",
            id: "I-1",
            keys: ["test:issue:1"],
            refs: ["linear:issue:ENG-1"],
          },
        }),
    },
    {
      name: "ping",
      kind: "control",
      request: () =>
        createTestWebhookRequest({ secret, event: "ping", deliveryId: "d-2", body: {} }),
    },
  ],
  withoutSignature: (request) => {
    const headers = new Headers(request.headers);
    headers.delete("x-test-signature");
    return new Request(request.url, {
      method: "POST",
      headers,
      body: request.body,
      duplex: "half",
    } as RequestInit);
  },
});
