import { runWebhookSourceConformance } from "@contexten/core/testing/conformance";
import { NORMALIZED_EVENTS, webhookExamples } from "../__fixtures__/webhook-examples";
import { createGitHubWebhookRequest } from "../testing/github-webhook-request";
import { githubWebhooks } from "./github-webhook-source";

const secret = "conformance-secret";
const groups = webhookExamples();
const normalized = new Set<string>(NORMALIZED_EVENTS);

runWebhookSourceConformance({
  name: "GitHub",
  source: githubWebhooks({ secret }),
  deliveries: groups.flatMap((group) => {
    // Every example of the normalized events; the first example of every other event.
    const examples = normalized.has(group.name) ? group.examples : group.examples.slice(0, 1);
    return examples.map((payload, index) => ({
      name: `${group.name}${typeof payload.action === "string" ? `.${payload.action}` : ""} #${index + 1}`,
      kind: group.name === "ping" ? ("control" as const) : ("delivery" as const),
      request: () =>
        createGitHubWebhookRequest({
          secret,
          event: group.name,
          payload,
          deliveryId: `${group.name}-${index}`,
        }),
    }));
  }),
  withoutSignature: (request) => {
    const headers = new Headers(request.headers);
    headers.delete("x-hub-signature-256");
    return new Request(request.url, {
      method: "POST",
      headers,
      body: request.body,
      duplex: "half",
    } as RequestInit);
  },
});
