import { describe, expect, it } from "vitest";
import type { EventStore } from "../../contracts/event-store";
import { ValidationError } from "../../errors/validation-error";
import type { CorrelatedEvent } from "../../models/correlated-event";
import { BASE_TIME, comparable, eventId, makeEvent } from "./event-store-fixtures";

/** Append, get and delivery recording. */
export function describeEventStoreWrites(store: () => EventStore): void {
  describe("append and get", () => {
    it("stores an event and reads it back field for field", async () => {
      const event = makeEvent(1, {
        type: "github.pull_request.opened",
        deliveryId: "delivery-1",
        subject: {
          kind: "pull_request",
          id: "PR_kw1",
          key: "acme/api#42",
          url: "https://github.com/acme/api/pull/42",
          title: "Fix login",
        },
        keys: ["github:pr:acme/api#42", "github:number:acme/api#42"],
        refs: [
          {
            key: "linear:issue:ENG-123",
            evidence: "closes",
            field: "body",
            excerpt: "Fixes ENG-123",
          },
          { key: "git:sha7:abc1234", evidence: "sha" },
        ],
        payload: {
          action: "opened",
          pull_request: { number: 42, labels: ["a", "b"], draft: false },
        },
        parentEventId: eventId(99),
        workflowId: "workflow-7",
      });
      expect(await store().append(event)).toEqual({ inserted: [event.id], existing: [] });
      const stored = await store().get(event.id);
      expect(comparable(stored)).toEqual(comparable(event));
      expect(stored?.occurredAt).toBeInstanceOf(Date);
      expect(stored?.occurredAt.getTime()).toBe(event.occurredAt.getTime());
      expect(await store().get("evt-missing")).toBeUndefined();
    });

    it("is idempotent by id and never overwrites a stored event", async () => {
      const first = makeEvent(1, { payload: { version: 1 } });
      await store().append(first);
      const changed = makeEvent(1, { payload: { version: 2 }, keys: ["test:key:changed"] });
      expect(await store().append([changed, makeEvent(2)])).toEqual({
        inserted: [eventId(2)],
        existing: [eventId(1)],
      });
      expect((await store().get(eventId(1)))?.payload).toEqual({ version: 1 });
      expect(await store().findByKeys(["test:key:changed"])).toEqual([]);
    });

    it("skips a repeated id within one batch", async () => {
      const result = await store().append([
        makeEvent(1, { payload: { copy: "first" } }),
        makeEvent(1, { payload: { copy: "second" } }),
      ]);
      expect(result).toEqual({ inserted: [eventId(1)], existing: [eventId(1)] });
      expect((await store().get(eventId(1)))?.payload).toEqual({ copy: "first" });
      expect((await store().query()).events).toHaveLength(1);
    });

    it("rejects an invalid event with ValidationError and writes none of the batch", async () => {
      const invalid = { ...makeEvent(2), type: "NotNamespaced" } as CorrelatedEvent;
      const attempt = store().append([makeEvent(1), invalid]);
      await expect(attempt).rejects.toSatisfy((error) => ValidationError.isInstance(error));
      expect(await store().get(eventId(1))).toBeUndefined();
      expect(await store().get(eventId(2))).toBeUndefined();
    });

    it("keeps what was appended even if the caller changes its object afterwards", async () => {
      const event = makeEvent(1, { keys: ["test:key:a"], payload: { nested: { value: 1 } } });
      await store().append(event);
      try {
        (event.payload.nested as { value: number }).value = 2;
        event.keys.push("test:key:b");
      } catch {
        // A store may freeze what it was given; either way the stored copy must not change.
      }
      const stored = await store().get(eventId(1));
      expect(stored?.payload).toEqual({ nested: { value: 1 } });
      expect(stored?.keys).toEqual(["test:key:a"]);
    });
  });

  describe("recordDelivery", () => {
    it("is true the first time only, per platform and delivery id", async () => {
      const at = new Date(BASE_TIME);
      expect(await store().recordDelivery("github", "d-1", at)).toBe(true);
      expect(await store().recordDelivery("github", "d-1", at)).toBe(false);
      expect(await store().recordDelivery("slack", "d-1", at)).toBe(true);
      expect(await store().recordDelivery("github", "d-2", at)).toBe(true);
      expect(await store().recordDelivery("github", "d-1")).toBe(false);
    });

    it("returns true exactly once when the same delivery is recorded concurrently", async () => {
      const attempts = await Promise.all(
        Array.from({ length: 25 }, () => store().recordDelivery("linear", "same-delivery")),
      );
      expect(attempts.filter(Boolean)).toHaveLength(1);
    });
  });
}
