import { afterEach, describe, expect, it, vi } from "vitest";
import type { EventStore } from "../contracts/event-store";
import { createEventBus } from "../events/event-bus";
import type { CorrelatedEvent } from "../models/correlated-event";
import { processingResultSchema } from "../models/processing-result";
import {
  createTestWebhookRequest,
  createTestWebhookSource,
  signTestWebhook,
} from "../testing/test-webhook-source";
import { createWebhookHandler } from "./create-webhook-handler";

const SECRET = "It's a Secret to Everybody";

/**
 * The smallest store the handler needs: events by id and delivery ids, with a switch to
 * make writes fail. Correlation-related reads are not used by the handler.
 */
function createRecordingStore() {
  const events = new Map<string, CorrelatedEvent>();
  const deliveries = new Set<string>();
  const state = { failAppend: false, failRecord: false };
  const unused = () => Promise.reject(new Error("not used by the webhook handler"));
  const store: EventStore = {
    async append(input) {
      if (state.failAppend) throw new Error("database is down");
      const inserted: string[] = [];
      const existing: string[] = [];
      for (const event of [input].flat()) {
        if (events.has(event.id)) existing.push(event.id);
        else {
          events.set(event.id, event);
          inserted.push(event.id);
        }
      }
      return { inserted, existing };
    },
    async recordDelivery(platform, deliveryId) {
      if (state.failRecord) throw new Error("database is down");
      const key = `${platform}:${deliveryId}`;
      if (deliveries.has(key)) return false;
      deliveries.add(key);
      return true;
    },
    get: async (id) => events.get(id),
    findByKeys: unused,
    query: unused,
    assignCorrelation: unused,
    link: unused,
    linksOf: unused,
    lineage: unused,
    prune: unused,
  };
  return { store, events, deliveries, state };
}

function request(overrides: Partial<Parameters<typeof createTestWebhookRequest>[0]> = {}) {
  return createTestWebhookRequest({
    secret: SECRET,
    event: "issue",
    deliveryId: "d-1",
    body: { action: "opened", id: "I-1", keys: ["test:issue:1"] },
    ...overrides,
  });
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("createWebhookHandler", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("verifies, stores and acknowledges a delivery, then runs post-ack work", async () => {
    const { store, events, deliveries } = createRecordingStore();
    const seen: string[] = [];
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
      onEvent: (event) => {
        seen.push(event.type);
      },
    });
    const { response, result } = await handler.process(request());
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ ok: true, deliveryId: "d-1", events: 1, eventIds: result.eventIds });
    expect(result.eventIds).toHaveLength(1);
    expect(processingResultSchema.parse(result)).toMatchObject({
      status: "processed",
      platform: "test",
      deliveryId: "d-1",
      httpStatus: 200,
    });
    expect([...events.values()].map((event) => event.type)).toEqual(["test.issue.opened"]);
    expect(deliveries.has("test:d-1")).toBe(true);
    await handler.drain();
    expect(seen).toEqual(["test.issue.opened"]);
  });

  it("acknowledges a duplicate delivery but stores and processes it once", async () => {
    const { store, events } = createRecordingStore();
    const onEvent = vi.fn();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
      onEvent,
    });
    const first = await handler.process(request());
    const second = await handler.process(request());
    expect(first.result.status).toBe("processed");
    expect(second.response.status).toBe(200);
    expect(await second.response.json()).toMatchObject({ ok: true, duplicate: true });
    expect(second.result.status).toBe("duplicate");
    expect(second.result.eventIds).toEqual(first.result.eventIds);
    expect(events.size).toBe(1);
    await handler.drain();
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it("answers 401 and stores nothing for a wrong or missing signature", async () => {
    const { store, events, deliveries } = createRecordingStore();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
    });
    const wrong = await handler(request({ secret: "not the secret" }));
    expect(wrong.status).toBe(401);
    expect(await errorOf(wrong)).toMatchObject({ code: "webhook_verification_failed" });

    const tampered = request();
    const body = JSON.stringify({ action: "opened", id: "I-2" });
    const missing = await handler(
      new Request("http://127.0.0.1/", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-test-event": "issue",
          "x-test-delivery": "d-9",
        },
        body,
      }),
    );
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).message).toContain("Missing x-test-signature");

    // Body changed after signing.
    const forged = new Request(tampered.url, {
      method: "POST",
      headers: tampered.headers,
      body: JSON.stringify({ action: "opened", id: "I-1", keys: ["test:issue:666"] }),
    });
    expect((await handler(forged)).status).toBe(401);
    expect(events.size).toBe(0);
    expect(deliveries.size).toBe(0);
  });

  it("accepts any of several secrets during rotation", async () => {
    const { store } = createRecordingStore();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: ["new-secret", SECRET] }),
      store,
    });
    expect((await handler(request())).status).toBe(200);
    expect((await handler(request({ secret: "new-secret", deliveryId: "d-2" }))).status).toBe(200);
  });

  it("answers 405 for other methods and 415 for other content types", async () => {
    const { store, events } = createRecordingStore();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
    });
    const get = await handler(
      new Request("http://127.0.0.1/", { method: "GET", headers: { "x-test-signature": "x" } }),
    );
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await errorOf(get)).toMatchObject({ code: "method_not_allowed" });

    const signed = request();
    const headers = new Headers(signed.headers);
    headers.set("content-type", "text/plain");
    const text = await handler(
      new Request(signed.url, { method: "POST", headers, body: await signed.text() }),
    );
    expect(text.status).toBe(415);
    expect((await errorOf(text)).message).toContain("application/json");
    expect(events.size).toBe(0);
  });

  it("answers 413 for bodies over the limit, declared or streamed", async () => {
    const { store, events } = createRecordingStore();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
      maxBodyBytes: 64,
    });
    const big = { action: "opened", id: "I-1", padding: "x".repeat(200) };
    const declared = await handler(request({ body: big }));
    expect(declared.status).toBe(413);
    expect(await errorOf(declared)).toMatchObject({ code: "payload_too_large" });

    // No Content-Length: the limit is enforced while streaming.
    const text = JSON.stringify(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let offset = 0; offset < bytes.length; offset += 32)
          controller.enqueue(bytes.slice(offset, offset + 32));
        controller.close();
      },
    });
    const streamed = await handler(
      new Request("http://127.0.0.1/", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-test-signature": signTestWebhook(SECRET, text),
          "x-test-event": "issue",
          "x-test-delivery": "d-3",
        },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(events.size).toBe(0);
  });

  it("answers 400 for malformed bodies or headers, after verification", async () => {
    const { store, events } = createRecordingStore();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
    });
    const notJson = "{not json";
    const bad = await handler(
      new Request("http://127.0.0.1/", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-test-signature": signTestWebhook(SECRET, notJson),
          "x-test-event": "issue",
          "x-test-delivery": "d-4",
        },
        body: notJson,
      }),
    );
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toEqual({
      code: "validation_failed",
      message: "Body is not valid JSON.",
    });

    const signed = request();
    const headers = new Headers(signed.headers);
    headers.delete("x-test-delivery");
    const noDelivery = await handler(
      new Request(signed.url, { method: "POST", headers, body: await signed.text() }),
    );
    expect(noDelivery.status).toBe(400);
    expect((await errorOf(noDelivery)).message).toContain("x-test-delivery");
    expect(events.size).toBe(0);
  });

  it("answers control messages without storing them", async () => {
    const { store, events, deliveries } = createRecordingStore();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
    });
    const { response, result } = await handler.process(request({ event: "ping" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ pong: true });
    expect(result.status).toBe("answered");
    expect(events.size + deliveries.size).toBe(0);
  });

  it("routes among several sources by their headers", async () => {
    const { store, events } = createRecordingStore();
    const other = createTestWebhookSource({ platform: "other", secret: "other-secret" });
    other.matches = (incoming) => incoming.headers.has("x-other");
    const handler = createWebhookHandler({
      sources: [other, createTestWebhookSource({ secret: SECRET })],
      store,
    });
    const { result } = await handler.process(request());
    expect(result.platform).toBe("test");
    const unknown = await handler(
      new Request("http://127.0.0.1/", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(unknown.status).toBe(401);
    expect((await errorOf(unknown)).message).toContain("other, test");
    expect(events.size).toBe(1);
  });

  it("answers 503 and records nothing when the store fails, so the platform's retry works", async () => {
    const { store, events, deliveries, state } = createRecordingStore();
    const instrumentation = { onError: vi.fn() };
    const onEvent = vi.fn();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
      instrumentation,
      onEvent,
    });
    state.failAppend = true;
    const failed = await handler.process(request());
    expect(failed.response.status).toBe(503);
    expect(await errorOf(failed.response)).toMatchObject({ code: "store_unavailable" });
    expect(failed.result.status).toBe("failed");
    expect(events.size + deliveries.size).toBe(0);
    expect(instrumentation.onError).toHaveBeenCalledWith(
      expect.objectContaining({ phase: "webhook.store", deliveryId: "d-1" }),
    );

    state.failAppend = false;
    const retried = await handler.process(request());
    expect(retried.result.status).toBe("processed");
    await handler.drain();
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it("reports a failed delivery record and processes the retry exactly once", async () => {
    const { store, events, state } = createRecordingStore();
    const onEvent = vi.fn();
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
      onEvent,
      logger: { error: vi.fn() },
    });
    state.failRecord = true;
    expect((await handler(request())).status).toBe(503);
    state.failRecord = false;
    expect((await handler.process(request())).result.status).toBe("processed");
    expect((await handler.process(request())).result.status).toBe("duplicate");
    expect(events.size).toBe(1);
    await handler.drain();
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it("closes gracefully: refuses new requests, finishes those in flight and their post-ack work", async () => {
    const { store } = createRecordingStore();
    const append = store.append.bind(store);
    let releaseWrite!: () => void;
    const writing = new Promise<void>((resolve) => {
      releaseWrite = resolve;
    });
    let writeStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      writeStarted = resolve;
    });
    store.append = async (input) => {
      writeStarted();
      await writing;
      return append(input);
    };
    const handled: string[] = [];
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
      onEvent: (event) => {
        handled.push(event.id);
      },
    });
    const inFlight = handler(request({ deliveryId: "in-flight" }));
    await started;
    let closed = false;
    const closing = handler.close().then(() => {
      closed = true;
    });
    const late = await handler(request({ deliveryId: "late" }));
    expect(late.status).toBe(503);
    expect(late.headers.get("retry-after")).toBe("10");
    expect(await errorOf(late)).toMatchObject({ code: "shutting_down" });
    await Promise.resolve();
    expect(closed).toBe(false);
    releaseWrite();
    expect((await inFlight).status).toBe(200);
    await closing;
    // The in-flight delivery's post-ack work ran before close resolved; the late one never did.
    expect(handled).toHaveLength(1);
    expect(handler.pending).toBe(0);
  });

  it("acks without waiting for slow post-ack work", async () => {
    vi.useFakeTimers();
    const { store } = createRecordingStore();
    let finished = false;
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
      onEvent: () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            finished = true;
            resolve();
          }, 60_000),
        ),
    });
    const response = await handler(request());
    expect(response.status).toBe(200);
    // The response exists while the post-ack work still waits on its one-minute timer.
    await Promise.resolve();
    expect(handler.pending).toBe(1);
    expect(finished).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    await handler.drain();
    expect(finished).toBe(true);
    expect(handler.pending).toBe(0);
  });

  it("reports post-ack failures through instrumentation and the bus", async () => {
    const { store } = createRecordingStore();
    const bus = createEventBus();
    const busErrors: string[] = [];
    const busEvents: string[] = [];
    bus.on("error", (info) => busErrors.push(`${info.phase}:${(info.error as Error).message}`));
    bus.on("event", (event) => busEvents.push(event.type));
    const instrumentation = { onError: vi.fn(), onWebhookEvent: vi.fn() };
    const handler = createWebhookHandler({
      sources: createTestWebhookSource({ secret: SECRET }),
      store,
      bus,
      instrumentation,
      onEvent: () => {
        throw new Error("handler exploded");
      },
    });
    expect((await handler(request())).status).toBe(200);
    await handler.drain();
    expect(busEvents).toEqual(["test.issue.opened"]);
    expect(busErrors).toEqual(["webhook.post-ack:handler exploded"]);
    expect(instrumentation.onError).toHaveBeenCalledWith(
      expect.objectContaining({ phase: "webhook.post-ack", platform: "test" }),
    );
    expect(instrumentation.onWebhookEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        outcome: "processed",
        status: 200,
        eventCount: 1,
        platform: "test",
      }),
    );
  });

  it("uses a source's acknowledge reply, and acks empty when it misses the deadline", async () => {
    const { store } = createRecordingStore();
    const replying = createWebhookHandler({
      sources: createTestWebhookSource({
        secret: SECRET,
        acknowledge: (_delivery, events) => ({
          body: { response_action: "clear", stored: events.length },
        }),
      }),
      store,
    });
    expect(await (await replying(request())).json()).toEqual({
      response_action: "clear",
      stored: 1,
    });

    vi.useFakeTimers();
    let aborted = false;
    const slow = createWebhookHandler({
      sources: createTestWebhookSource({
        secret: SECRET,
        ackDeadlineMs: 3000,
        acknowledge: (_delivery, _events, { signal }) =>
          new Promise((resolve) => {
            signal.addEventListener("abort", () => {
              aborted = true;
            });
            setTimeout(() => resolve({ body: "too late" }), 10_000);
          }),
      }),
      store: createRecordingStore().store,
    });
    const pending = slow(request({ deliveryId: "d-slow" }));
    await vi.advanceTimersByTimeAsync(2400);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('"ok":true');
    expect(aborted).toBe(true);
  });

  it("refuses to be created without sources", () => {
    expect(() =>
      createWebhookHandler({ sources: [], store: createRecordingStore().store }),
    ).toThrow(/at least one source/);
  });
});
