import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryEventStore } from "../store/memory-event-store";
import { createTestWebhookRequest, createTestWebhookSource } from "../testing/test-webhook-source";
import { createWebhookHandler } from "./create-webhook-handler";
import type { PostAckContext } from "./pipeline/after-ack-runner";

const SECRET = "lifecycle-secret";
const source = createTestWebhookSource({ secret: SECRET });
const request = (deliveryId = "d-1", id = `I-${deliveryId}`) =>
  createTestWebhookRequest({
    secret: SECRET,
    event: "issue",
    deliveryId,
    body: { action: "opened", id, keys: [`test:issue:${id}`] },
  });

/** A promise to hold post-ack work until the test releases it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** A receiver that stores and acks, then "dies": its onEvent never finishes. */
function crashingReceiver(store: MemoryEventStore, afterAckLeaseMs: number) {
  return createWebhookHandler({
    sources: source,
    store,
    onEvent: () => new Promise(() => undefined),
    afterAckLeaseMs,
    resumeIntervalMs: 0,
  });
}

describe("after-ack work survives crashes and load", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("stores a delivery as done when nothing runs after the ack: no lease, no completion, nothing to sweep", async () => {
    const store = new MemoryEventStore();
    const completeDelivery = vi.spyOn(store, "completeDelivery");
    const storeDelivery = vi.spyOn(store, "storeDelivery");
    const handler = createWebhookHandler({ sources: source, store, resumeIntervalMs: 0 });
    expect((await handler.process(request())).result.status).toBe("processed");
    await handler.drain();
    expect(storeDelivery.mock.calls[0]![1]).toMatchObject({ done: true, leaseUntil: undefined });
    expect(completeDelivery).not.toHaveBeenCalled();
    expect(await handler.resumePending()).toBe(0);
    expect((await handler.process(request())).result.status).toBe("duplicate");
    // With an onEvent, the same delivery's work is leased and completed.
    const tracked = new MemoryEventStore();
    const complete = vi.spyOn(tracked, "completeDelivery");
    const withWork = createWebhookHandler({
      sources: source,
      store: tracked,
      onEvent: () => undefined,
      resumeIntervalMs: 0,
    });
    await withWork.process(request());
    await withWork.drain();
    expect(complete).toHaveBeenCalledWith("test", "d-1");
    await handler.close();
    await withWork.close();
  });

  it("resumes work a crashed receiver left on redelivery, once the lease ended", async () => {
    vi.useFakeTimers({ now: Date.parse("2030-01-01T00:00:00Z") });
    const store = new MemoryEventStore();
    const crashed = crashingReceiver(store, 60_000);
    expect((await crashed.process(request())).result.status).toBe("processed");

    const contexts: PostAckContext[] = [];
    const restarted = createWebhookHandler({
      sources: source,
      store,
      onEvent: (_event, context) => {
        contexts.push(context);
      },
      afterAckLeaseMs: 60_000,
      resumeIntervalMs: 0,
    });
    // Within the lease the work still belongs to the first receiver.
    const early = await restarted.process(request());
    expect(early.result.status).toBe("duplicate");
    await restarted.drain();
    expect(contexts).toEqual([]);

    vi.setSystemTime(Date.parse("2030-01-01T00:01:01Z"));
    const late = await restarted.process(request());
    expect(late.response.status).toBe(200);
    expect(await late.response.json()).toMatchObject({ duplicate: true });
    await restarted.drain();
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({ deliveryId: "d-1", resumed: true });
    expect(contexts[0]!.events.map((event) => event.id)).toEqual(late.result.eventIds);

    // Completed now: neither a redelivery nor a sweep runs it again.
    vi.setSystemTime(Date.parse("2030-01-01T00:10:00Z"));
    await restarted.process(request());
    expect(await restarted.resumePending()).toBe(0);
    await restarted.drain();
    expect(contexts).toHaveLength(1);
  });

  it("sweeps pending work from the store after a restart, reading the stored events", async () => {
    vi.useFakeTimers({ now: Date.parse("2030-01-01T00:00:00Z") });
    const store = new MemoryEventStore();
    const crashed = crashingReceiver(store, 1_000);
    const stored = [await crashed.process(request("d-1")), await crashed.process(request("d-2"))];

    const seen: string[] = [];
    const restarted = createWebhookHandler({
      sources: source,
      store,
      onEvent: (event) => {
        seen.push(event.id);
      },
      afterAckLeaseMs: 1_000,
      resumeIntervalMs: 5_000,
    });
    // The periodic sweep finds them once their lease is over.
    await vi.advanceTimersByTimeAsync(5_000);
    await restarted.drain();
    expect(seen.sort()).toEqual(stored.flatMap((item) => item.result.eventIds).sort());
    await vi.advanceTimersByTimeAsync(5_000);
    await restarted.drain();
    expect(seen).toHaveLength(2);
    await restarted.close();
  });

  it("sheds work beyond maxPendingAfterAck to the store and runs it when there is room", async () => {
    const store = new MemoryEventStore();
    const hold = gate();
    const seen: string[] = [];
    const handler = createWebhookHandler({
      sources: source,
      store,
      maxPendingAfterAck: 1,
      resumeIntervalMs: 0,
      onEvent: async (_event, context) => {
        await hold.opened;
        seen.push(context.deliveryId);
      },
    });
    for (const id of ["d-1", "d-2", "d-3"]) {
      const { response } = await handler.process(request(id));
      expect(response.status).toBe(200);
    }
    expect(handler.pending).toBe(1);
    expect(store.size).toBe(3);
    hold.open();
    await handler.drain();
    // The shed deliveries were picked up as soon as the queue had room.
    expect(seen.sort()).toEqual(["d-1", "d-2", "d-3"]);
    expect(await handler.resumePending()).toBe(0);
  });

  it("makes the ack wait for room when the store cannot hold work for later", async () => {
    const memory = new MemoryEventStore();
    // Only the required methods: no delivery lifecycle.
    const store = {
      append: memory.append.bind(memory),
      recordDelivery: memory.recordDelivery.bind(memory),
      get: memory.get.bind(memory),
      findByKeys: memory.findByKeys.bind(memory),
      query: memory.query.bind(memory),
      assignCorrelation: memory.assignCorrelation.bind(memory),
      link: memory.link.bind(memory),
      linksOf: memory.linksOf.bind(memory),
      lineage: memory.lineage.bind(memory),
      prune: memory.prune.bind(memory),
    };
    const hold = gate();
    const handler = createWebhookHandler({
      sources: source,
      store,
      maxPendingAfterAck: 1,
      onEvent: () => hold.opened,
    });
    await handler.process(request("d-1"));
    let secondAnswered = false;
    const second = handler.process(request("d-2")).then((outcome) => {
      secondAnswered = true;
      return outcome;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondAnswered).toBe(false);
    expect(handler.pending).toBe(1);
    hold.open();
    expect((await second).result.status).toBe("processed");
    await handler.drain();
  });
});
