import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { CorrelationKeys } from "../keys/correlation-keys";
import type { CorrelatedEvent } from "../models/correlated-event";
import { MemoryEventStore } from "../store/memory-event-store";
import { event, minutes } from "./__fixtures__/engine-fixtures";
import { pairwiseGroups } from "./__fixtures__/pairwise-groups";
import { billingStory, loginStory } from "./__fixtures__/story-events";
import { CorrelationEngine } from "./correlation-engine";
import { groupId } from "./link-id";

const REPO = "acme/api";
const PR_KEY = CorrelationKeys.githubPullRequest(REPO, 7);
const sha = (n: number) => createHash("sha1").update(`commit-${n}`).digest("hex");
const shaRefs = (n: number) =>
  CorrelationKeys.gitShaKeys(sha(n)).map((key) => ({ key, evidence: "sha" as const }));

/**
 * One busy pull request: opened, then pushes and synchronizes every 40 events, and in
 * between check runs and statuses on the head sha and comments on the PR.
 */
function busyPullRequest(count: number): CorrelatedEvent[] {
  const prKeys = [PR_KEY, CorrelationKeys.githubNumber(REPO, 7)];
  const events = [
    event("opened", "github.pull_request.opened", 0, {
      keys: prKeys,
      refs: [{ key: "linear:issue:ENG-7", evidence: "closes" }, ...shaRefs(0)],
    }),
  ];
  for (let index = 1; index < count; index += 1) {
    const head = Math.floor(index / 40);
    const id = `e${index}`;
    const kind =
      index % 40 === 0
        ? "push"
        : index % 40 === 1
          ? "sync"
          : ["check", "status", "comment"][index % 3]!;
    if (kind === "push") {
      events.push(event(id, "github.push", index, { keys: CorrelationKeys.gitShaKeys(sha(head)) }));
    } else if (kind === "sync") {
      events.push(
        event(id, "github.pull_request.synchronize", index, { keys: prKeys, refs: shaRefs(head) }),
      );
    } else if (kind === "check") {
      events.push(
        event(id, "github.check_run.completed", index, {
          keys: [CorrelationKeys.githubObject("check-run", index)],
          refs: [...shaRefs(head), { key: PR_KEY, evidence: "attachment" }],
        }),
      );
    } else if (kind === "status") {
      events.push(event(id, "github.status", index, { refs: shaRefs(head) }));
    } else {
      events.push(
        event(id, "github.issue_comment.created", index, {
          refs: [{ key: PR_KEY, evidence: "url" }],
        }),
      );
    }
  }
  return events;
}

function keysOf(item: CorrelatedEvent): string[] {
  return [...new Set([...item.keys, ...item.refs.map((ref) => ref.key)])];
}

describe("a busy object", () => {
  it("gets at most one link per shared key and bounded reads, however long its history", async () => {
    const store = new MemoryEventStore();
    const engine = new CorrelationEngine({ store, clock: () => minutes(0) });
    const findPerKey = vi.spyOn(store, "findPerKey");
    const seen = new Set<string>();
    const reads: number[] = [];
    const events = busyPullRequest(600);
    for (const item of events) {
      const result = await engine.processEvent(item);
      const shared = keysOf(item).filter((key) => seen.has(key)).length;
      expect(result.links.length).toBeLessThanOrEqual(shared);
      for (const key of keysOf(item)) seen.add(key);
      const answer = await findPerKey.mock.results.at(-1)!.value;
      reads.push((answer as CorrelatedEvent[][]).flat().length);
    }
    // Three lookups per key: the two anchors (≤ 2 events each) and the newest 8 + 1.
    for (const [index, item] of events.entries()) {
      expect(reads[index]).toBeLessThanOrEqual(keysOf(item).length * (2 + 2 + 9));
    }
    // The traffic repeats every 120 events: late in the history each event reads exactly
    // what its twin read 480 events earlier.
    expect(reads.slice(580, 600)).toEqual(reads.slice(100, 120));

    const group = groupId("opened");
    const stored = (await store.query({ correlationId: group, limit: 1000 })).events;
    expect(stored).toHaveLength(events.length);
    // The opened PR anchors the PR's keys, each push its sha: every event is within three
    // links of the opened PR (status → push → synchronize → opened), however many there are.
    const lineage = await engine.getEventLineage("opened", { maxDepth: 3, payload: false });
    expect(lineage.relatedEvents).toHaveLength(events.length - 1);
    expect(lineage.truncated).toBe(false);
    expect(Math.max(...Object.values(lineage.depths))).toBe(3);
    const lastCheckRun = await engine.getEventLineage("e597", { maxDepth: 1 });
    expect(lastCheckRun.depths.opened).toBe(1);
  });
});

describe("a store without findPerKey", () => {
  /** A memory store that hides the optional method, as a store that lacks it would. */
  function storeWithoutFindPerKey(): MemoryEventStore {
    const store = new MemoryEventStore();
    Object.defineProperty(store, "findPerKey", { value: undefined });
    return store;
  }

  it("correlates the same groups through findByKeys, in any order", async () => {
    const all = [...Object.values(loginStory()), ...Object.values(billingStory())];
    const expected = pairwiseGroups(all);
    for (const order of [all, [...all].reverse(), [...all.slice(6), ...all.slice(0, 6)]]) {
      const store = storeWithoutFindPerKey();
      expect(store.findPerKey).toBeUndefined();
      const findByKeys = vi.spyOn(store, "findByKeys");
      const engine = new CorrelationEngine({
        store,
        clock: () => new Date("2026-03-03T00:00:00.000Z"),
      });
      for (const item of order) await engine.processEvent(item);
      for (const item of all) {
        expect((await store.get(item.id))?.correlationId).toBe(expected[item.id]);
      }
      expect(findByKeys).toHaveBeenCalled();
    }
  });

  it("stays bounded by maxCandidates on a busy object", async () => {
    const store = storeWithoutFindPerKey();
    const findByKeys = vi.spyOn(store, "findByKeys");
    const engine = new CorrelationEngine({ store, clock: () => minutes(0), maxCandidates: 50 });
    const events = busyPullRequest(200);
    for (const item of events) await engine.processEvent(item);
    const limits = findByKeys.mock.calls.map(([, options]) => options?.limit ?? Infinity);
    expect(Math.max(...limits)).toBe(50);
    const stored = await store.query({ correlationId: groupId("opened"), limit: 1000 });
    expect(stored.events).toHaveLength(events.length);
  });
});
