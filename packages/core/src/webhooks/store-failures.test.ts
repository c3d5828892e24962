import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeliveryRecord } from "../contracts/delivery-record";
import { ValidationError } from "../errors/validation-error";
import { MemoryEventStore } from "../store/memory-event-store";
import { createTestWebhookRequest, createTestWebhookSource } from "../testing/test-webhook-source";
import { createWebhookHandler } from "./create-webhook-handler";

const SECRET = "store-failure-secret";
const source = createTestWebhookSource({ secret: SECRET });
const request = () =>
  createTestWebhookRequest({
    secret: SECRET,
    event: "issue",
    deliveryId: "d-1",
    body: { action: "opened", id: "I-1", keys: ["test:issue:1"] },
  });

/** A memory store whose `storeDelivery` can be made to fail or hang. */
class FaultyStore extends MemoryEventStore {
  fault: "none" | "down" | "invalid" | "hang" = "none";
  private release: (() => void) | undefined;

  /** Lets a hung write go through. */
  resume(): void {
    this.release?.();
  }

  override async storeDelivery(
    delivery: DeliveryRecord,
    options?: Parameters<MemoryEventStore["storeDelivery"]>[1],
  ) {
    if (this.fault === "down") {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (relation "contexten.events")');
    }
    if (this.fault === "invalid") {
      throw new ValidationError({ message: 'value too long for index "event_keys_pkey"' });
    }
    if (this.fault === "hang") {
      await new Promise<void>((resolve) => {
        this.release = resolve;
      });
    }
    return super.storeDelivery(delivery, options);
  }
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("store failures answer quickly, say only what is safe, and lose nothing", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers 503 with a generic message when the store is down, and reports the details", async () => {
    const store = new FaultyStore();
    store.fault = "down";
    const onError = vi.fn();
    const handler = createWebhookHandler({ sources: source, store, instrumentation: { onError } });
    const { response, result } = await handler.process(request());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("10");
    const error = await errorOf(response);
    expect(error.code).toBe("store_unavailable");
    expect(error.message).not.toMatch(/ECONNREFUSED|relation|contexten\.events|Error/);
    expect(result.status).toBe("failed");
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({
        phase: "webhook.store",
        error: expect.objectContaining({ message: expect.stringContaining("ECONNREFUSED") }),
      }),
    );
    store.fault = "none";
    expect((await handler.process(request())).result.status).toBe("processed");
  });

  it("answers 422 when the store refuses the events as invalid: a retry cannot help", async () => {
    const store = new FaultyStore();
    store.fault = "invalid";
    const handler = createWebhookHandler({
      sources: source,
      store,
      instrumentation: { onError: vi.fn() },
    });
    const { response, result } = await handler.process(request());
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe("event_invalid");
    expect(error.message).not.toContain("event_keys_pkey");
    expect(result.status).toBe("rejected");
    expect(store.size).toBe(0);
  });

  it("answers 503 at the store deadline, then runs the after-ack work when the write lands", async () => {
    vi.useFakeTimers();
    const store = new FaultyStore();
    store.fault = "hang";
    const onEvent = vi.fn();
    const handler = createWebhookHandler({
      sources: source,
      store,
      onEvent,
      storeTimeoutMs: 2_000,
      instrumentation: { onError: vi.fn() },
    });
    const pending = handler.process(request());
    await vi.advanceTimersByTimeAsync(2_000);
    const { response } = await pending;
    expect(response.status).toBe(503);
    expect((await errorOf(response)).message).toContain("2000 ms");
    expect(onEvent).not.toHaveBeenCalled();

    store.resume();
    await vi.advanceTimersByTimeAsync(0);
    await handler.drain();
    expect(onEvent).toHaveBeenCalledTimes(1);
    // The platform's retry finds the delivery stored and its work done.
    store.fault = "none";
    const retry = await handler.process(request());
    expect(retry.result.status).toBe("duplicate");
    await handler.drain();
    expect(onEvent).toHaveBeenCalledTimes(1);
  });
});
