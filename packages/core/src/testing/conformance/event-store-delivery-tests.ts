import { describe, expect, it } from "vitest";
import type { DeliveryRecord } from "../../contracts/delivery-record";
import type { EventStore } from "../../contracts/event-store";
import { ValidationError } from "../../errors/validation-error";
import type { CorrelatedEvent } from "../../models/correlated-event";
import { BASE_TIME, eventId, idsOf, makeEvent } from "./event-store-fixtures";

const at = (seconds: number) => new Date(BASE_TIME + seconds * 1000);

function delivery(id: string, events: CorrelatedEvent[], seconds = 0): DeliveryRecord {
  return { platform: "github", deliveryId: id, receivedAt: at(seconds), events };
}

type DeliveryStore = EventStore &
  Required<Pick<EventStore, "storeDelivery" | "completeDelivery" | "claimPendingDeliveries">>;

/** `storeDelivery`, `completeDelivery` and `claimPendingDeliveries`, for stores that have them. */
export function describeEventStoreDeliveries(current: () => EventStore): void {
  const store = (): DeliveryStore => current() as DeliveryStore;
  describe("delivery lifecycle (storeDelivery, completeDelivery, claimPendingDeliveries)", () => {
    it("stores a delivery's events and record together, then reports the repeat", async () => {
      const events = [makeEvent(1), makeEvent(2)];
      const first = await store().storeDelivery(delivery("d-1", events), {
        leaseUntil: at(60),
        now: at(0),
      });
      expect(first).toEqual({ status: "stored", eventIds: [eventId(1), eventId(2)] });
      expect(idsOf((await store().query({ order: "oldest" })).events)).toEqual(first.eventIds);
      // Leased to the first caller: a copy arriving meanwhile is a duplicate.
      expect(
        await store().storeDelivery(delivery("d-1", events), { leaseUntil: at(70), now: at(10) }),
      ).toEqual({ status: "duplicate", eventIds: first.eventIds });
      // Same id on another platform is another delivery.
      const slack = { ...delivery("d-1", [makeEvent(3)]), platform: "slack" };
      expect((await store().storeDelivery(slack)).status).toBe("stored");
      // A delivery recorded the plain way is known too.
      expect(await store().recordDelivery("github", "d-1")).toBe(false);
    });

    it("records a delivery without after-ack work as done: never pending, a repeat is a duplicate", async () => {
      const events = [makeEvent(1)];
      const first = await store().storeDelivery(delivery("d-1", events), {
        done: true,
        leaseUntil: at(60),
        now: at(0),
      });
      expect(first).toEqual({ status: "stored", eventIds: [eventId(1)] });
      expect(idsOf((await store().query()).events)).toEqual([eventId(1)]);
      // Long after any lease could have ended, nothing is there to claim or resume.
      expect(
        await store().claimPendingDeliveries({ leaseUntil: at(10_000), now: at(9_000) }),
      ).toEqual([]);
      expect(
        await store().storeDelivery(delivery("d-1", events), {
          leaseUntil: at(9_100),
          now: at(9_000),
        }),
      ).toEqual({ status: "duplicate", eventIds: [eventId(1)] });
      // A delivery stored the usual way in the same store is still pending.
      await store().storeDelivery(delivery("d-2", [makeEvent(2)]), { now: at(0) });
      expect(
        (await store().claimPendingDeliveries({ leaseUntil: at(10_000), now: at(9_000) })).map(
          (pending) => pending.deliveryId,
        ),
      ).toEqual(["d-2"]);
    });

    it("resumes a delivery whose lease ended before its work completed, once", async () => {
      const events = [makeEvent(1)];
      await store().storeDelivery(delivery("d-1", events), { leaseUntil: at(60), now: at(0) });
      const resumed = await store().storeDelivery(delivery("d-1", events), {
        leaseUntil: at(200),
        now: at(61),
      });
      expect(resumed).toEqual({ status: "resumed", eventIds: [eventId(1)] });
      expect(
        (await store().storeDelivery(delivery("d-1", events), { leaseUntil: at(300), now: at(62) }))
          .status,
      ).toBe("duplicate");
      await store().completeDelivery("github", "d-1");
      expect(
        (
          await store().storeDelivery(delivery("d-1", events), {
            leaseUntil: at(900),
            now: at(500),
          })
        ).status,
      ).toBe("duplicate");
      expect((await store().query()).events).toHaveLength(1);
    });

    it("writes nothing when an event is invalid, and the retry then succeeds", async () => {
      const invalid = { ...makeEvent(2), type: "not a type" } as CorrelatedEvent;
      await expect(
        store().storeDelivery(delivery("d-1", [makeEvent(1), invalid])),
      ).rejects.toSatisfy(ValidationError.isInstance);
      expect((await store().query()).events).toEqual([]);
      expect(await store().claimPendingDeliveries({ leaseUntil: at(10), now: at(0) })).toEqual([]);
      const retry = await store().storeDelivery(delivery("d-1", [makeEvent(1), makeEvent(2)]));
      expect(retry.status).toBe("stored");
    });

    it("keeps events stored earlier and lists them with the delivery", async () => {
      await store().append(makeEvent(1, { payload: { version: 1 } }));
      const result = await store().storeDelivery(
        delivery("d-1", [makeEvent(1, { payload: { version: 2 } }), makeEvent(2)]),
      );
      expect(result).toEqual({ status: "stored", eventIds: [eventId(1), eventId(2)] });
      expect((await store().get(eventId(1)))?.payload).toEqual({ version: 1 });
    });

    it("stores a delivery without events, and lets a copy take over unclaimed work", async () => {
      expect(await store().storeDelivery(delivery("d-1", []))).toEqual({
        status: "stored",
        eventIds: [],
      });
      // Nobody claimed it (shed): the next copy takes the work over, once.
      const lease = { leaseUntil: at(60), now: at(0) };
      expect((await store().storeDelivery(delivery("d-1", []), lease)).status).toBe("resumed");
      expect((await store().storeDelivery(delivery("d-1", []), lease)).status).toBe("duplicate");
    });

    it("hands unclaimed and expired work to claimPendingDeliveries, oldest first", async () => {
      await store().storeDelivery(delivery("late", [makeEvent(2)], 5));
      await store().storeDelivery(delivery("early", [makeEvent(1)], 1));
      await store().storeDelivery(delivery("leased", [makeEvent(3)], 2), {
        leaseUntil: at(100),
        now: at(2),
      });
      const claimed = await store().claimPendingDeliveries({ leaseUntil: at(50), now: at(10) });
      expect(claimed).toEqual([
        { platform: "github", deliveryId: "early", receivedAt: at(1), eventIds: [eventId(1)] },
        { platform: "github", deliveryId: "late", receivedAt: at(5), eventIds: [eventId(2)] },
      ]);
      expect(await store().claimPendingDeliveries({ leaseUntil: at(60), now: at(20) })).toEqual([]);
      await store().completeDelivery("github", "early");
      const later = await store().claimPendingDeliveries({ leaseUntil: at(500), now: at(101) });
      expect(later.map((item) => item.deliveryId)).toEqual(["leased", "late"]);
      const limited = await store().claimPendingDeliveries({
        leaseUntil: at(900),
        now: at(600),
        limit: 1,
      });
      expect(limited.map((item) => item.deliveryId)).toEqual(["leased"]);
    });

    it("lets exactly one of many concurrent calls store a delivery", async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          store().storeDelivery(delivery("d-1", [makeEvent(1), makeEvent(2)]), {
            leaseUntil: at(60),
            now: at(0),
          }),
        ),
      );
      expect(results.filter((result) => result.status === "stored")).toHaveLength(1);
      expect(results.filter((result) => result.status === "duplicate")).toHaveLength(7);
      expect((await store().query()).events).toHaveLength(2);
    });

    it("never hands one delivery to two concurrent claims", async () => {
      for (let index = 0; index < 6; index += 1) {
        await store().storeDelivery(delivery(`d-${index}`, [makeEvent(index + 1)], index));
      }
      const claims = await Promise.all(
        Array.from({ length: 4 }, () =>
          store().claimPendingDeliveries({ leaseUntil: at(100), now: at(10), limit: 2 }),
        ),
      );
      const ids = claims.flat().map((item) => item.deliveryId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(["d-0", "d-1", "d-2", "d-3", "d-4", "d-5"]);
    });

    it("prunes delivery records with the events", async () => {
      await store().storeDelivery(delivery("old", [makeEvent(1)], 1));
      await store().storeDelivery(delivery("new", [makeEvent(2)], 100));
      const pruned = await store().prune(at(50));
      expect(pruned.deliveries).toBe(1);
      const claimed = await store().claimPendingDeliveries({ leaseUntil: at(900), now: at(200) });
      expect(claimed.map((item) => item.deliveryId)).toEqual(["new"]);
    });
  });
}
