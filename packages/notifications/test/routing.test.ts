import { afterEach, describe, expect, it } from "vitest";
import {
  ACKNOWLEDGE_ACTION_ID,
  ESCALATION_WORKFLOW_ID,
  type NotificationRuleInput,
  type PersonInput,
} from "../src/index";
import { commentEvent, pullRequestEvent, slackClickEvent } from "./support/events";
import { type RouterHarness, startRouterHarness } from "./support/harness";

const people: PersonInput[] = [
  { id: "grace", github: "grace", email: "grace@acme.test", preferences: { channels: ["email"] } },
  {
    id: "ada",
    github: "ada",
    email: "ada@acme.test",
    timeZone: "Europe/Berlin",
    preferences: { channels: ["email"], quietHours: { start: "22:00", end: "07:00" } },
  },
  {
    id: "bob",
    github: "bob",
    email: "bob@acme.test",
    timeZone: "America/Los_Angeles",
    preferences: { channels: ["email"], quietHours: { start: "22:00", end: "07:00" } },
  },
  { id: "carol", github: "carol", email: "carol@acme.test", preferences: { channels: ["email"] } },
  { id: "lead", email: "lead@acme.test", preferences: { channels: ["email"] } },
];

const rules: NotificationRuleInput[] = [
  { name: "pr-owners", events: { type: "github.pull_request.*" }, targets: [{ kind: "owners" }] },
  {
    name: "review-requests",
    events: { type: "github.pull_request.review_requested" },
    targets: [{ kind: "owners", roles: ["reviewers"] }],
    priority: "high",
  },
  {
    name: "api-prs-to-eng",
    events: { type: "github.pull_request.*", payload: { "repository.full_name": "acme/api" } },
    targets: [{ kind: "channel", platform: "slack", channel: "C0ENG" }],
  },
  {
    name: "comments-digest",
    events: { type: "github.issue_comment.created" },
    targets: [{ kind: "owners", roles: ["author"] }],
    priority: "low",
  },
  {
    name: "incidents",
    events: {
      type: "github.pull_request.labeled",
      payload: { "pull_request.title": { matches: "^HOTFIX" } },
    },
    targets: [{ kind: "channel", platform: "slack", channel: "C0ONCALL" }],
    priority: "critical",
    escalation: { afterMinutes: 15, to: [{ kind: "person", person: "lead" }] },
  },
];

let harness: RouterHarness;
afterEach(() => harness?.close());

describe("routing", () => {
  it("reaches a person once through two rules, subscribes channels by pattern and repository, leaves out the actor", async () => {
    harness = await startRouterHarness({ rules, people, start: "2030-03-04T10:00:00Z" });
    const requested = pullRequestEvent({
      action: "review_requested",
      at: harness.clock.now(),
      author: "grace",
      reviewers: ["ada"],
    });
    const targets = await harness.router.route(requested);
    expect(targets).toEqual([
      expect.objectContaining({
        kind: "person",
        personId: "ada",
        platform: "email",
        address: "ada@acme.test",
        priority: "high",
        rules: ["pr-owners", "review-requests"],
        delivery: "immediate",
      }),
      expect.objectContaining({
        kind: "channel",
        platform: "slack",
        address: "C0ENG",
        rules: ["api-prs-to-eng"],
      }),
    ]);

    const result = await harness.router.dispatch(requested);
    expect(result.sent.map((record) => record.outcome)).toEqual(["sent", "sent"]);
    // Handling the same event again (a redelivery, a replay) sends nothing new.
    const again = await harness.router.dispatch(requested);
    expect(again.sent.map((record) => record.outcome)).toEqual(["duplicate", "duplicate"]);
    expect(harness.smtp.messages.map((email) => email.envelopeTo)).toEqual([["ada@acme.test"]]);
    expect(harness.smtp.messages[0]!.subject).toBe("[High] acme/api#42: Fix login");
    expect(harness.slack.state.messages("C0ENG")).toHaveLength(1);

    const elsewhere = pullRequestEvent({
      action: "opened",
      at: harness.clock.now(),
      repo: "acme/web",
      author: "ada",
      sender: "ada",
    });
    expect(await harness.router.route(elsewhere)).toEqual([]);
  });

  it("threads follow-ups of one PR: one Slack thread, one email conversation", async () => {
    harness = await startRouterHarness({ rules, people, start: "2030-03-04T10:00:00Z" });
    const opened = pullRequestEvent({
      action: "opened",
      at: harness.clock.now(),
      author: "grace",
      sender: "grace",
      reviewers: ["carol"],
    });
    const synced = pullRequestEvent({
      action: "synchronize",
      at: harness.clock.now(),
      author: "grace",
      sender: "grace",
      reviewers: ["carol"],
    });
    const merged = pullRequestEvent({
      action: "closed",
      at: harness.clock.now(),
      author: "grace",
      sender: "bob",
      reviewers: ["carol"],
    });
    const first = await harness.router.dispatch(opened);
    await harness.router.dispatch(synced);
    await harness.router.dispatch(merged);
    const rootTs = first.sent.find((record) => record.target.platform === "slack")!.messageId;
    expect(harness.slack.state.messages("C0ENG").map((message) => message.ts)).toEqual([rootTs]);
    expect(harness.slack.state.replies("C0ENG", rootTs)).toHaveLength(2);
    // Grace (the author) is left out while she acts, and told when Bob closes it.
    const emails = await harness.smtp.waitForMessages(4);
    expect(emails.map((email) => email.envelopeTo[0])).toEqual([
      "carol@acme.test",
      "carol@acme.test",
      "grace@acme.test",
      "carol@acme.test",
    ]);
    const threads = new Set(emails.map((email) => email.inReplyTo));
    expect(threads.size).toBe(1);
  });

  it("maps identities by email through a platform lookup", async () => {
    const asked: string[] = [];
    harness = await startRouterHarness({
      rules,
      people: [
        {
          id: "ada",
          github: "ada",
          email: "ada@acme.test",
          preferences: { channels: ["slack", "email"] },
        },
      ],
      lookups: {
        slack: async (email) => {
          asked.push(email);
          return email === "ada@acme.test" ? "U0ADA" : undefined;
        },
      },
      start: "2030-03-04T10:00:00Z",
    });
    const event = pullRequestEvent({
      action: "review_requested",
      at: harness.clock.now(),
      reviewers: ["ada"],
    });
    const [ada] = await harness.router.route(event);
    expect(ada).toMatchObject({ personId: "ada", platform: "slack", address: "U0ADA" });
    await harness.router.route(event);
    expect(asked).toEqual(["ada@acme.test"]);
  });
});

describe("quiet hours in the person's time zone", () => {
  it("holds notifications for Berlin at night and sends them at 07:00 local, while Los Angeles gets them at once", async () => {
    // 22:30 UTC = 23:30 in Berlin (quiet) and 14:30 in Los Angeles (not quiet).
    harness = await startRouterHarness({ rules, people, start: "2030-03-04T22:30:00Z" });
    const event = pullRequestEvent({
      action: "review_requested",
      at: harness.clock.now(),
      reviewers: ["ada", "bob"],
    });
    const targets = await harness.router.route(event);
    expect(targets.find((target) => target.personId === "ada")).toMatchObject({
      delivery: "digest",
      reason: "quiet-hours",
      deliverAt: new Date("2030-03-05T06:00:00Z"),
    });
    expect(targets.find((target) => target.personId === "bob")).toMatchObject({
      delivery: "immediate",
    });

    await harness.router.dispatch(event);
    expect(harness.smtp.messages.map((email) => email.envelopeTo[0])).toEqual(["bob@acme.test"]);
    await harness.advance(Date.parse("2030-03-05T05:59:00Z") - harness.clock.now());
    expect(harness.smtp.messages).toHaveLength(1);
    await harness.advance(60_000);
    await harness.until(() => harness.smtp.messages.length === 2, "Ada's held notification");
    expect(harness.smtp.messages[1]!.envelopeTo).toEqual(["ada@acme.test"]);
    expect(harness.smtp.messages[1]!.text).toContain("acme/api#42: Fix login");

    // 06:30 UTC: 07:30 in Berlin (awake), 22:30 in Los Angeles (quiet until 15:00 UTC).
    const later = pullRequestEvent({
      action: "review_requested",
      at: harness.clock.now(),
      number: 43,
      reviewers: ["ada", "bob"],
    });
    await harness.advance(Date.parse("2030-03-05T06:30:00Z") - harness.clock.now());
    const laterTargets = await harness.router.route(later);
    expect(laterTargets.find((target) => target.personId === "ada")).toMatchObject({
      delivery: "immediate",
    });
    expect(laterTargets.find((target) => target.personId === "bob")).toMatchObject({
      delivery: "digest",
      reason: "quiet-hours",
      deliverAt: new Date("2030-03-05T15:00:00Z"),
    });
  });
});

describe("digests", () => {
  it("sends 20 low-priority notifications as one message when the window ends", async () => {
    harness = await startRouterHarness({ rules, people, start: "2030-03-04T10:05:00Z" });
    for (let index = 1; index <= 20; index += 1) {
      const event = commentEvent({ at: harness.clock.now(), index });
      const result = await harness.router.dispatch(event);
      expect(result.targets[0]).toMatchObject({
        personId: "carol",
        delivery: "digest",
        deliverAt: new Date("2030-03-04T11:00:00Z"),
      });
      if (index === 7) await harness.router.dispatch(event); // a redelivery lands once
      await harness.advance(60_000);
    }
    expect(harness.smtp.messages).toHaveLength(0);
    await harness.advance(Date.parse("2030-03-04T11:00:00Z") - harness.clock.now());
    await harness.until(() => harness.smtp.messages.length > 0, "the digest");
    await harness.advance(10 * 60_000);
    expect(harness.smtp.messages).toHaveLength(1);
    const [digest] = harness.smtp.messages;
    expect(digest!.envelopeTo).toEqual(["carol@acme.test"]);
    expect(digest!.subject).toBe("20 notifications since your last digest");
    for (let index = 1; index <= 20; index += 1)
      expect(digest!.text).toContain(`acme/api#${100 + index}: Comment ${index}`);
    expect(digest!.links).toContain("https://github.com/acme/api/issues/120#comment");
  });
});

describe("escalation", () => {
  const hotfix = (at: number) =>
    pullRequestEvent({
      action: "labeled",
      at,
      number: 77,
      title: "HOTFIX payments down",
      author: "grace",
    });

  it("escalates to the next target when nobody acknowledges within the deadline", async () => {
    harness = await startRouterHarness({ rules, people, start: "2030-03-04T10:00:00Z" });
    const result = await harness.router.dispatch(hotfix(harness.clock.now()));
    expect(result.escalation).toBeDefined();
    const [posted] = harness.slack.state.messages("C0ONCALL");
    expect(posted!.text).toContain("HOTFIX payments down");
    await harness.advance(14 * 60_000);
    expect(
      harness.smtp.messages.filter((email) => email.envelopeTo[0] === "lead@acme.test"),
    ).toHaveLength(0);
    await harness.advance(60_000);
    await harness.until(
      () => harness.smtp.messages.some((email) => email.envelopeTo[0] === "lead@acme.test"),
      "the escalation",
    );
    const escalated = harness.smtp.messages.find(
      (email) => email.envelopeTo[0] === "lead@acme.test",
    )!;
    expect(escalated.subject).toBe("[Critical] Escalated: acme/api#77: HOTFIX payments down");
    expect(escalated.text).toContain("Nobody acknowledged this within 15 minutes");
  });

  it("does not escalate when the Slack button is clicked in time", async () => {
    harness = await startRouterHarness({ rules, people, start: "2030-03-04T10:00:00Z" });
    const result = await harness.router.dispatch(hotfix(harness.clock.now()));
    const [posted] = harness.slack.state.messages("C0ONCALL");
    const button = (
      posted!.blocks.at(-1) as { elements: Array<{ action_id: string; value: string }> }
    ).elements.find((element) => element.action_id === ACKNOWLEDGE_ACTION_ID)!;
    await harness.advance(5 * 60_000);
    const click = slackClickEvent({
      at: harness.clock.now(),
      actionId: button.action_id,
      value: button.value,
      user: "U0ONCALL",
    });
    expect((await harness.router.dispatch(click)).acknowledged).toBe(result.escalation);
    await harness.advance(30 * 60_000);
    expect(harness.smtp.messages).toHaveLength(0);
    const [run] = await harness.engine.listRuns({ definitionId: ESCALATION_WORKFLOW_ID });
    const view = await harness.engine.getRun(run!.id);
    expect(view!.run.status).toBe("completed");
    expect(view!.steps.find((step) => step.stepId === "escalate")!.status).toBe("skipped");
  });
});
