import { describe, expect, it, vi } from "vitest";
import type { CorrelatedEvent } from "../models/correlated-event";
import {
  createTestWebhookRequest,
  createTestWebhookSource,
  type TestWebhookBody,
} from "../testing/test-webhook-source";
import { createWebhookHandler } from "../webhooks/create-webhook-handler";
import { event, ref, setup } from "./__fixtures__/engine-fixtures";
import { loginStory, storyInOrder } from "./__fixtures__/story-events";
import { groupId } from "./link-id";

describe("CorrelationEngine.processStoredEvent", () => {
  it("correlates stored events without appending or reading them back, like processEvent", async () => {
    const story = loginStory();
    const events = storyInOrder(story);
    const clock = () => new Date("2026-03-03T00:00:00.000Z"); // the story's day
    const viaProcessEvent = setup({ clock });
    for (const item of events) await viaProcessEvent.engine.processEvent(item);

    const { store, engine } = setup({ clock });
    await store.append(events);
    const append = vi.spyOn(store, "append");
    const get = vi.spyOn(store, "get");
    const findPerKey = vi.spyOn(store, "findPerKey");
    for (const item of events) {
      const result = await engine.processStoredEvent(item);
      expect(result.appended).toBe(false);
      expect(result.correlationId).toBe(groupId(story.issueCreated.id));
    }
    expect(append).not.toHaveBeenCalled();
    expect(get).not.toHaveBeenCalled();
    expect(findPerKey).toHaveBeenCalledTimes(events.length);
    for (const item of events) {
      expect((await store.linksOf(item.id)).map((link) => link.id).sort()).toEqual(
        (await viaProcessEvent.store.linksOf(item.id)).map((link) => link.id).sort(),
      );
    }
  });

  it("keeps an event in the group another event put it in since it was read", async () => {
    // Incidents find the deploys before them by a search of their own; deploys find nothing.
    const { store, engine } = setup({
      rules: [
        {
          name: "deploy_to_incident",
          source: { type: "test.deploy.*" },
          target: { type: "test.incident.*" },
          match: () => ({ strength: 0.5 }),
          findCandidates: async (item, { store: events }) =>
            item.type.startsWith("test.incident.")
              ? (await events.query({ type: "test.deploy.*", payload: false })).events
              : [],
        },
      ],
    });
    const incident = event("incident", "test.incident.opened", 1);
    const deploy = event("deploy", "test.deploy.finished", 2);
    await store.append([incident, deploy]);
    // The incident is processed first and links the deploy, which was stored but not yet
    // correlated: the deploy's copy in hand no longer says which group it is in.
    expect((await engine.processStoredEvent(incident)).newLinks).toHaveLength(1);
    const result = await engine.processStoredEvent(deploy);
    expect(result.correlationId).toBe(groupId("incident"));
    expect((await store.get("deploy"))?.correlationId).toBe(groupId("incident"));
  });

  it("is what createWebhookHandler's onEvent calls for events it just stored", async () => {
    const { store, engine } = setup();
    const append = vi.spyOn(store, "append");
    const secret = "test-secret";
    const handler = createWebhookHandler({
      sources: [createTestWebhookSource({ secret })],
      store,
      onEvent: (item: CorrelatedEvent) => engine.processStoredEvent(item),
    });
    const send = (deliveryId: string, name: string, body: TestWebhookBody) =>
      handler(createTestWebhookRequest({ secret, event: name, deliveryId, body }));
    expect(
      (await send("d1", "issue", { action: "created", id: "i", keys: ["linear:issue:ENG-9"] }))
        .status,
    ).toBe(200);
    expect(
      (await send("d2", "pr", { action: "opened", id: "p", refs: ["linear:issue:ENG-9"] })).status,
    ).toBe(200);
    await handler.drain();
    const stored = (await store.query({ order: "oldest" })).events;
    expect(stored).toHaveLength(2);
    expect(new Set(stored.map((item) => item.correlationId)).size).toBe(1);
    expect(await store.linksOf(stored[1]!.id)).toMatchObject([{ rule: "key_reference" }]);
    // The engine appended nothing: the handler's store calls are all there is.
    expect(append).not.toHaveBeenCalled();
  });

  it("fails with NotFoundError, storing nothing, when the event is not stored after all", async () => {
    const { store, engine } = setup();
    await engine.processEvent(
      event("issue", "linear.issue.created", 0, { keys: ["linear:issue:ENG-1"] }),
    );
    const pr = event("pr", "github.pull_request.opened", 1, { refs: [ref("linear:issue:ENG-1")] });
    await expect(engine.processStoredEvent(pr)).rejects.toMatchObject({
      code: "not_found",
      status: 404,
    });
    expect(await store.linksOf("issue")).toEqual([]);
  });
});
