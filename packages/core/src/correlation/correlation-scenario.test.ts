import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CorrelationKeys } from "../keys/correlation-keys";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { Correlation } from "../models/correlation";
import { MemoryEventStore } from "../store/memory-event-store";
import { pairwiseGroups } from "./__fixtures__/pairwise-groups";
import { billingStory, loginStory, storyInOrder } from "./__fixtures__/story-events";
import { CorrelationEngine } from "./correlation-engine";
import { groupId } from "./link-id";

const NOW = () => new Date("2026-03-03T00:00:00.000Z");

function newEngine() {
  const store = new MemoryEventStore();
  return { store, engine: new CorrelationEngine({ store, clock: NOW }) };
}

async function processAll(engine: CorrelationEngine, events: readonly CorrelatedEvent[]) {
  for (const event of events) await engine.processEvent(event);
}

/** Every stored link, each once, as "rule source→target" for readable comparisons. */
async function allLinks(store: MemoryEventStore, events: readonly CorrelatedEvent[]) {
  const links = new Map<string, Correlation>();
  for (const event of events)
    for (const link of await store.linksOf(event.id)) links.set(link.id, link);
  return [...links.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

const describeLink = (link: Correlation) =>
  `${link.rule} ${link.sourceEventId}→${link.targetEventId} ${link.strength}`;

/** Event id → correlationId, read from the store. */
async function groupsOf(store: MemoryEventStore, events: readonly CorrelatedEvent[]) {
  const groups: Record<string, string | null | undefined> = {};
  for (const event of events) groups[event.id] = (await store.get(event.id))?.correlationId;
  return groups;
}

/** How many of the event's keys and ref keys some other event is or mentions. */
function sharedKeyCount(event: CorrelatedEvent, all: readonly CorrelatedEvent[]): number {
  const keysOf = (item: CorrelatedEvent) => new Set([...item.keys, ...item.refs.map((r) => r.key)]);
  const others = all.filter((item) => item.id !== event.id).map(keysOf);
  return [...keysOf(event)].filter((key) => others.some((keys) => keys.has(key))).length;
}

const inOrder = storyInOrder;

describe("the issue's scenario: ENG-123 → branch → PR → CI → merge → Slack", () => {
  it("ends with all six events in one group named after the earliest event", async () => {
    const { store, engine } = newEngine();
    const story = loginStory();
    const events = inOrder(story);
    await processAll(engine, events);
    const expected = groupId(story.issueCreated.id);
    expect(Object.values(await groupsOf(store, events))).toEqual(Array(6).fill(expected));
    const group = await store.query({ correlationId: expected, order: "oldest" });
    expect(group.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });

  it("links each event to the first event of every key it shares, with the expected rule and strength", async () => {
    // Flat correlation: the merged PR links to the opened PR (the first event of its keys),
    // not again to the push, the check run and the Slack message the opened PR reaches.
    // A rule whose source and target patterns both fit either event (same_subject,
    // key_reference) points from the earlier event to the later one.
    const { store, engine } = newEngine();
    const story = loginStory();
    await processAll(engine, inOrder(story));
    const links = (await allLinks(store, inOrder(story))).map(describeLink).sort();
    expect(links).toEqual(
      [
        "linear_issue_to_github_pr eng-123:linear.issue.created→eng-123:github.pull_request.opened 1",
        "linear_issue_to_github_pr eng-123:linear.issue.created→eng-123:github.pull_request.merged 1",
        "linear_issue_to_github_branch eng-123:linear.issue.created→eng-123:github.push 0.9",
        "key_reference eng-123:linear.issue.created→eng-123:slack.message.sent 0.6",
        "github_push_to_pr eng-123:github.push→eng-123:github.pull_request.opened 0.95",
        "github_push_to_pr eng-123:github.push→eng-123:github.pull_request.merged 0.95",
        "key_reference eng-123:github.push→eng-123:github.check_run.completed 0.76",
        "github_pr_to_ci_run eng-123:github.pull_request.opened→eng-123:github.check_run.completed 0.95",
        "same_subject eng-123:github.pull_request.opened→eng-123:github.pull_request.merged 1",
        "github_pr_to_slack_message eng-123:github.pull_request.opened→eng-123:slack.message.sent 0.6",
      ].sort(),
    );
  });

  it("returns the same six events as lineage from any of them", async () => {
    const { engine } = newEngine();
    const events = inOrder(loginStory());
    await processAll(engine, events);
    const everyone = events.map((event) => event.id).sort();
    for (const event of events) {
      const lineage = await engine.getEventLineage(event.id);
      expect(lineage.rootEvent.id).toBe(event.id);
      expect([lineage.rootEvent, ...lineage.relatedEvents].map((e) => e.id).sort()).toEqual(
        everyone,
      );
      expect(lineage.truncated).toBe(false);
      expect(lineage.correlationId).toBe(groupId(events[0]!.id));
      expect(lineage.correlationStrength).toBeGreaterThan(0.5);
      expect(lineage.correlationStrength).toBeLessThanOrEqual(1);
    }
  });

  it("orders strengths closing word > branch > mention, each with its evidence", async () => {
    const { store, engine } = newEngine();
    const story = loginStory();
    await processAll(engine, inOrder(story));
    const issueLinks = await store.linksOf(story.issueCreated.id);
    const linkTo = (event: CorrelatedEvent) =>
      issueLinks.find(
        (link) => link.sourceEventId === event.id || link.targetEventId === event.id,
      )!;
    const issueKey = CorrelationKeys.linearIssue("ENG-123");
    const closing = linkTo(story.prOpened);
    const branch = linkTo(story.push);
    const mention = linkTo(story.slackMessage);
    expect(closing.evidence).toContainEqual(
      expect.objectContaining({ key: issueKey, evidence: "closes", field: "body" }),
    );
    expect(branch.evidence).toEqual([
      expect.objectContaining({ key: issueKey, evidence: "branch" }),
    ]);
    expect(mention.evidence).toEqual([
      expect.objectContaining({ key: issueKey, evidence: "mentions", field: "text" }),
    ]);
    expect(closing.strength).toBeGreaterThan(branch.strength);
    expect(branch.strength).toBeGreaterThan(mention.strength);
  });

  it("ends in the groups linking every pair would give, in every arrival order (property)", async () => {
    const login = loginStory();
    const billing = billingStory();
    const all = [...inOrder(login), ...inOrder(billing)];
    const expectedGroups = pairwiseGroups(all);
    // Two stories, two groups, nothing linked across them.
    expect(new Set(Object.values(expectedGroups))).toEqual(
      new Set([groupId(login.issueCreated.id), groupId(billing.issueCreated.id)]),
    );
    const everyone = (id: string) =>
      all.filter((event) => expectedGroups[event.id] === expectedGroups[id]).map((e) => e.id);

    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        fc.array(fc.integer({ min: 0, max: all.length - 1 }), { maxLength: 4 }),
        async (order, repeats) => {
          const { store, engine } = newEngine();
          // Some events are delivered twice, at random points after their first arrival.
          for (const event of [...order, ...repeats.map((index) => order[index]!)]) {
            const result = await engine.processEvent(event);
            // One link per key shared (to its first event), however many events share it,
            // plus one per group the event brings together when it arrives out of order.
            expect(result.links.length).toBeLessThanOrEqual(
              sharedKeyCount(event, all) + result.mergedCorrelationIds.length,
            );
          }
          expect(await groupsOf(store, all)).toEqual(expectedGroups);
          for (const event of all) {
            // Lineage still reaches the whole group.
            const lineage = await engine.getEventLineage(event.id, { payload: false });
            expect([lineage.rootEvent, ...lineage.relatedEvents].map((e) => e.id).sort()).toEqual(
              everyone(event.id).sort(),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("does not duplicate links when events are processed again", async () => {
    const { store, engine } = newEngine();
    const events = inOrder(loginStory());
    await processAll(engine, events);
    const before = await allLinks(store, events);
    const stored = new Set(before.map((link) => link.id));
    for (const event of events.slice(1)) {
      const again = await engine.processEvent(event);
      expect(again.appended).toBe(false);
      expect(again.newLinks).toEqual([]);
      // What it finds now may include links later events made to it; all are stored.
      expect(again.links.length).toBeGreaterThan(0);
      expect(again.links.every((link) => stored.has(link.id))).toBe(true);
    }
    expect(await allLinks(store, events)).toEqual(before);
    expect(before).toHaveLength(10);
  });

  it("keeps the links of a Linear issue whose identifier changed", async () => {
    const { store, engine } = newEngine();
    const story = loginStory();
    // The issue moved to team OPS: Linear reports the new identifier and the old one in
    // previousIdentifiers, which the adapter puts in the event's keys.
    const moved: CorrelatedEvent = {
      ...story.issueCreated,
      id: "ops-7:linear.issue.updated",
      type: "linear.issue.updated",
      occurredAt: new Date(story.prMerged.occurredAt.getTime() + 3_600_000),
      receivedAt: new Date(story.prMerged.occurredAt.getTime() + 3_600_000),
      subject: { ...story.issueCreated.subject, key: "OPS-7" },
      keys: [
        CorrelationKeys.linearIssue("OPS-7"),
        CorrelationKeys.linearIssue("ENG-123"),
        CorrelationKeys.linearIssueId(story.issueCreated.subject.id),
      ],
    };
    const laterPr: CorrelatedEvent = {
      ...story.prOpened,
      id: "ops-7:github.pull_request.opened",
      occurredAt: new Date(moved.occurredAt.getTime() + 60_000),
      keys: [CorrelationKeys.githubPullRequest("acme/api", 77)],
      refs: [{ key: CorrelationKeys.linearIssue("OPS-7"), evidence: "closes" }],
    };
    // The old PR arrives after the rename; the new PR names only the new identifier.
    await processAll(engine, [story.issueCreated, moved, story.prOpened, laterPr]);
    const group = groupId(story.issueCreated.id);
    for (const event of [moved, story.prOpened, laterPr]) {
      expect((await store.get(event.id))?.correlationId).toBe(group);
    }
    // The moved issue joins its first event (same_subject on ENG-123 and the issue id); the
    // old PR links to that first event of ENG-123, the new PR to the first one of OPS-7.
    const links = (await store.linksOf(moved.id)).map(describeLink).sort();
    expect(links).toEqual([
      `linear_issue_to_github_pr ${moved.id}→${laterPr.id} 1`,
      `same_subject ${story.issueCreated.id}→${moved.id} 1`,
    ]);
    expect((await store.linksOf(story.prOpened.id)).map(describeLink)).toContain(
      `linear_issue_to_github_pr ${story.issueCreated.id}→${story.prOpened.id} 1`,
    );
  });
});
