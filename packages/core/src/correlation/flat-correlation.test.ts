import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CorrelatedEvent, EventRef } from "../models/correlated-event";
import { MemoryEventStore } from "../store/memory-event-store";
import { event, minutes } from "./__fixtures__/engine-fixtures";
import { pairwiseGroups } from "./__fixtures__/pairwise-groups";
import { CorrelationEngine } from "./correlation-engine";

/** A small world where keys collide often: every rule and every direction gets exercised. */
const TYPES = [
  "linear.issue.created",
  "linear.issue.updated",
  "github.pull_request.opened",
  "github.pull_request.merged",
  "github.check_run.completed",
  "github.push",
  "github.issues.opened",
  "slack.message.sent",
  "test.thing.happened",
];
const KEYS = [
  "linear:issue:ENG-1",
  "github:pr:acme/api#1",
  `git:sha:${"a".repeat(40)}`,
  "github:branch:acme/api:eng-1-fix",
  "slack:thread:C1:1700000000.000100",
  "url:https://example.test/doc",
];
const EVIDENCE: EventRef["evidence"][] = ["closes", "body", "sha", "branch", "thread", "url"];

const eventSpec = fc.record({
  type: fc.constantFrom(...TYPES),
  minute: fc.integer({ min: 0, max: 180 }),
  keys: fc.subarray(KEYS, { maxLength: 2 }),
  refs: fc.array(
    fc.record({ key: fc.constantFrom(...KEYS), evidence: fc.constantFrom(...EVIDENCE) }),
    { maxLength: 2 },
  ),
});

/** Up to nine events (at most 8 others per key: within the default `candidatesPerKey`). */
const world = fc
  .array(eventSpec, { minLength: 2, maxLength: 9 })
  .map((specs) =>
    specs.map((spec, index) =>
      event(`e${index}`, spec.type, spec.minute, { keys: spec.keys, refs: spec.refs }),
    ),
  );

/** How the events reach the engine. */
type Delivery =
  | { mode: "one-by-one" }
  | { mode: "stored-ahead"; batchEnds: number[] }
  | { mode: "all-stored-first" };

const delivery: fc.Arbitrary<Delivery> = fc.oneof(
  fc.constant({ mode: "one-by-one" as const }),
  fc.constant({ mode: "all-stored-first" as const }),
  fc
    .array(fc.integer({ min: 1, max: 9 }), { maxLength: 4 })
    .map((batchEnds) => ({ mode: "stored-ahead" as const, batchEnds })),
);

/**
 * Feeds the events in `order`: each processed on its own (`processEvent`), all appended
 * first and then processed as stored events, or in batches appended ahead of processing,
 * as `createWebhookHandler` does when deliveries arrive faster than correlation runs.
 */
async function feed(
  engine: CorrelationEngine,
  store: MemoryEventStore,
  order: CorrelatedEvent[],
  how: Delivery,
) {
  if (how.mode === "one-by-one") {
    for (const item of order) await engine.processEvent(item);
    return;
  }
  const ends = how.mode === "all-stored-first" ? [] : how.batchEnds;
  const cuts = [...new Set([...ends.filter((end) => end < order.length), order.length])].sort(
    (a, b) => a - b,
  );
  let start = 0;
  for (const end of cuts) {
    const batch = order.slice(start, end);
    await store.append(batch);
    for (const item of batch) await engine.processStoredEvent(item);
    start = end;
  }
}

describe("flat correlation against linking every pair", () => {
  it("ends in the same groups, whatever the events, their order and how they are stored (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        world.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            delivery,
          ),
        ),
        async ([events, order, how]) => {
          const store = new MemoryEventStore();
          const engine = new CorrelationEngine({ store, clock: () => minutes(0) });
          await feed(engine, store, order, how);
          const groups: Record<string, string | null | undefined> = {};
          for (const item of events) groups[item.id] = (await store.get(item.id))?.correlationId;
          expect(groups).toEqual(pairwiseGroups(events));
          // Every link stays inside one group (nothing was moved out of its group), and each
          // event's lineage reaches its whole group.
          for (const item of events) {
            for (const link of await store.linksOf(item.id)) {
              expect(groups[link.sourceEventId]).toBe(groups[link.targetEventId]);
            }
            const lineage = await engine.getEventLineage(item.id, { payload: false });
            const reached = [lineage.rootEvent, ...lineage.relatedEvents].map((e) => e.id).sort();
            const members = events.filter((other) => groups[other.id] === groups[item.id]);
            expect(reached).toEqual(members.map((other) => other.id).sort());
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
