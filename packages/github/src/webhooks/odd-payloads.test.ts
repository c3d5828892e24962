import { createHmac } from "node:crypto";
import {
  type CorrelatedEvent,
  createWebhookHandler,
  MemoryEventStore,
  type WebhookRequest,
} from "@contexten/core";
import { EVENT_TYPE_PATTERN, parseFrozenJson } from "@contexten/core/adapter";
import { eventSubjectSchema } from "@contexten/core/schemas";
import {
  ODD_VALUES,
  type OddPayloadVariant,
  oddPayloadJson,
  oddPayloadVariants,
  recordPayloadReads,
} from "@contexten/core/testing";
import { deliverOddPayloads } from "@contexten/core/testing/conformance";
import { describe, expect, it } from "vitest";
import { webhookExamples } from "../__fixtures__/webhook-examples";
import { githubWebhooks } from "./github-webhook-source";

const SECRET = "odd-payload-secret";
const source = githubWebhooks({ secret: SECRET });
const request = { headers: new Headers(), receivedAt: new Date() } as unknown as WebhookRequest;

function signedRequest(event: string, deliveryId: string, body: string): Request {
  return new Request("http://127.0.0.1/webhooks/github", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    },
    body,
  });
}

function normalize(event: string, body: Record<string, unknown>): CorrelatedEvent[] {
  const events = source.normalize(
    { kind: "delivery", deliveryId: "d", eventName: event, body },
    { request },
  );
  if (!Array.isArray(events)) throw new Error("the GitHub source normalizes synchronously");
  return events;
}

const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What is wrong with an event's id, type or subject, if anything (cheap enough for every variant). */
function eventProblem(event: CorrelatedEvent, name: string): string | undefined {
  if (!EVENT_ID.test(event.id)) return `id ${event.id}`;
  if (!EVENT_TYPE_PATTERN.test(event.type)) return `type ${event.type}`;
  if (event.type !== "github.push" && !event.type.startsWith(`github.${name}.`)) {
    return `type ${event.type}`;
  }
  if (!eventSubjectSchema.safeParse(event.subject).success) {
    return `subject ${JSON.stringify(event.subject)}`;
  }
  return undefined;
}

describe("GitHub: every published example, each field the normalizer reads set to another type", () => {
  const groups = webhookExamples().filter((group) => group.name !== "ping");

  for (const { name, examples } of groups) {
    it(`${name}: never throws, and every signed variant is stored (${examples.length} example(s))`, async () => {
      const perField = new Map<string, OddPayloadVariant>();
      // Every field the normalizer reads in any example of this event, each tried once with
      // every odd value (in the first example that reads it): the examples of one event
      // share most fields, and trying each again per example only repeats the same check.
      const tried = new Set<string>();
      for (const example of examples) {
        // The fields normalize reads from this payload (present or not).
        const paths = recordPayloadReads(example, (view) => normalize(name, view));
        expect(paths.length).toBeGreaterThan(0);
        const fresh = paths.filter((path) => !tried.has(JSON.stringify(path)));
        for (const path of fresh) tried.add(JSON.stringify(path));
        // Each new field × each odd value, normalized as received (parsed from its text,
        // like every webhook body): one valid event, no throw.
        for (const variant of oddPayloadVariants(example, fresh)) {
          const received = parseFrozenJson(oddPayloadJson(variant.payload));
          const events = normalize(name, received as Record<string, unknown>);
          const problem = events.length === 1 ? eventProblem(events[0]!, name) : "no event";
          if (problem) expect.fail(`${variant.description}: ${problem}`);
        }
        // Each field of the event once more through the signed HTTP path, as received
        // text. Values go backwards from deep nesting, so every event meets it (a body
        // JSON.stringify cannot serialize again).
        for (const path of paths) {
          const field = JSON.stringify(path);
          if (perField.has(field)) continue;
          const odd = ODD_VALUES.at(-((perField.size + 1) % ODD_VALUES.length))!;
          const variant = [...oddPayloadVariants(example, [path], [odd])][0];
          if (variant) perField.set(field, variant);
        }
      }
      const store = new MemoryEventStore();
      const { stored } = await deliverOddPayloads({
        handler: createWebhookHandler({ sources: source, store }),
        store,
        platform: "github",
        variants: perField.values(),
        request: (variant, index) =>
          signedRequest(name, `odd-${index}`, oddPayloadJson(variant.payload)),
      });
      expect(stored).toBe(perField.size);
    });
  }

  it("ping: answered 200 whatever zen and hook_id hold, echoing only their documented types", async () => {
    const handler = createWebhookHandler({ sources: source, store: new MemoryEventStore() });
    const [ping] = webhookExamples().find((group) => group.name === "ping")!.examples;
    for (const variant of oddPayloadVariants(ping!, [["zen"], ["hook_id"], ["hook"]])) {
      const response = await handler(
        signedRequest("ping", "ping-1", oddPayloadJson(variant.payload)),
      );
      expect(response.status, variant.description).toBe(200);
      const reply = (await response.json()) as Record<string, unknown>;
      expect(reply.ok).toBe(true);
      expect(["string", "undefined"]).toContain(typeof reply.zen);
      expect(["number", "undefined"]).toContain(typeof reply.hookId);
    }
  });
});
