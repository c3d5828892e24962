import { NotFoundError, ValidationError } from "@contexten/core";
import { runIssueTrackerConformance } from "@contexten/core/testing/conformance";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLinearClient } from "../client/linear-client";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "../testing/index";
import { createLinearIssueTracker, type LinearIssueTracker } from "./linear-issue-tracker";

function trackerFor(fake: FakeLinearServer, defaultTeam = "ENG"): LinearIssueTracker {
  const client = createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: fake.apiUrl, env: {} });
  return createLinearIssueTracker({ client, defaultTeam });
}

let conformanceServer: FakeLinearServer;
runIssueTrackerConformance({
  name: "Linear (real @linear/sdk against the fake Linear API)",
  createTracker: async () => {
    conformanceServer = await startFakeLinearServer();
    return trackerFor(conformanceServer);
  },
  cleanup: () => conformanceServer.close(),
  container: "ENG",
  labels: ["Bug", "Frontend"],
  capabilities: { priority: true, canceledStatus: true },
  missingId: "ENG-999999",
});

describe("LinearIssueTracker", () => {
  let fake: FakeLinearServer;
  let tracker: LinearIssueTracker;

  beforeEach(async () => {
    fake = await startFakeLinearServer({
      seed: {
        teams: [
          {
            key: "ENG",
            name: "Engineering",
            states: [
              { name: "Triage", type: "triage", position: 0 },
              { name: "Ready", type: "unstarted", position: 2 },
              { name: "Icebox", type: "backlog", position: 1 },
              { name: "Todo", type: "unstarted", position: 1 },
              { name: "Review", type: "started", position: 4 },
              { name: "Doing", type: "started", position: 3 },
              { name: "Shipped", type: "completed", position: 5 },
              { name: "Won't do", type: "canceled", position: 6 },
            ],
          },
          { key: "OPS", name: "Operations", states: [{ name: "Inbox", type: "triage" }] },
        ],
        labels: [{ name: "Bug" }, { name: "Frontend" }, { name: "Bug", team: "OPS" }],
        users: [
          { name: "Ada Lovelace", email: "ada@acme.test", displayName: "ada" },
          { name: "Grace Hopper", email: "grace@acme.test", displayName: "grace" },
        ],
      },
    });
    tracker = trackerFor(fake);
  });
  afterEach(() => fake.close());

  it("maps state types to categories and keeps the native state", async () => {
    const created = await tracker.createIssue({ title: "Crash on save" });
    expect(created.status).toEqual({
      category: "backlog",
      native: { id: fake.state.issue(created.key).stateId, name: "Icebox" },
    });
    const expectations = [
      ["todo", "Todo"],
      ["in_progress", "Doing"],
      ["done", "Shipped"],
      ["canceled", "Won't do"],
      ["backlog", "Icebox"],
    ] as const;
    for (const [category, native] of expectations) {
      const moved = await tracker.updateIssue(created.key, { status: category });
      // The lowest-position state of the category's type, not the first one listed.
      expect(moved.status).toMatchObject({ category, native: { name: native } });
      expect(moved.platformSpecific.stateType).toBe(
        fake.state.workflowStates.find((state) => state.name === native)?.type,
      );
    }
    const review = await tracker.updateIssue(created.id, { status: { native: "review" } });
    expect(review.status).toMatchObject({ category: "in_progress", native: { name: "Review" } });
  });

  it("reads triage as backlog and uses triage for backlog when a team has no backlog state", async () => {
    const issue = fake.state.addIssue({ team: "OPS", title: "Pager noise" });
    const read = await tracker.getIssue(issue.identifier);
    expect(read.status).toMatchObject({ category: "backlog", native: { name: "Inbox" } });
    const moved = await tracker.updateIssue(issue.identifier, { status: "backlog" });
    expect(moved.status.native.name).toBe("Inbox");
    const error = await tracker
      .updateIssue(issue.identifier, { status: "done" })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/no workflow state for "done".*Inbox \(triage\)/);
  });

  it("maps priority 0–4 both ways", async () => {
    const priorities = ["none", "urgent", "high", "normal", "low"] as const;
    for (const [number, priority] of priorities.entries()) {
      const issue = await tracker.createIssue({ title: `p${number}`, priority });
      expect(fake.state.issue(issue.key).priority).toBe(number);
      expect((await tracker.getIssue(issue.id)).priority).toBe(priority);
    }
  });

  it("resolves team, label and assignee names to ids and maps them back", async () => {
    const issue = await tracker.createIssue({
      title: "Broken header",
      container: "Operations",
      labels: ["bug"],
      assignees: ["grace@acme.test"],
    });
    const stored = fake.state.issue(issue.key);
    expect(issue.key).toBe("OPS-1");
    // The team's own "Bug" label wins over the workspace label of the same name.
    expect(stored.labelIds).toEqual([fake.state.labels.find((label) => label.teamId)!.id]);
    expect(stored.assigneeId).toBe(fake.state.user("grace").id);
    expect(issue).toMatchObject({
      labels: ["Bug"],
      assignees: ["Grace Hopper"],
      platformSpecific: { team: { key: "OPS", name: "Operations" }, number: 1 },
    });
    const unassigned = await tracker.updateIssue(issue.key, { assignees: [] });
    expect(unassigned.assignees).toEqual([]);
    expect(fake.state.issue(issue.key).assigneeId).toBeUndefined();
  });

  it("caches teams, states, labels and users: a second issue costs only its own calls", async () => {
    await tracker.createIssue({ title: "first", labels: ["Bug"], assignees: ["ada"] });
    const lookups = ["teams", "workflowStates", "issueLabels", "users"];
    const countLookups = () => fake.operations.filter((name) => lookups.includes(name)).length;
    const afterFirst = countLookups();
    await tracker.createIssue({ title: "second", labels: ["Frontend"], assignees: ["grace"] });
    expect(countLookups()).toBe(afterFirst);
    expect(fake.operations.slice(-2)).toEqual(["createIssue", "issue"]);
  });

  it("loads each list once even when many issues are mapped at the same time", async () => {
    for (let index = 0; index < 5; index += 1) {
      fake.state.addIssue({
        team: "ENG",
        title: `parallel ${index}`,
        labels: ["Bug"],
        assignee: "ada",
      });
    }
    const found = await tracker.searchIssues("parallel");
    expect(found).toHaveLength(5);
    const counts = Object.fromEntries(
      ["teams", "workflowStates", "issueLabels", "users"].map((name) => [
        name,
        fake.operations.filter((operation) => operation === name).length,
      ]),
    );
    expect(counts).toEqual({ teams: 1, workflowStates: 1, issueLabels: 1, users: 1 });
  });

  it("keeps resolved names for cacheTtlSeconds, then loads them again", async () => {
    let now = Date.UTC(2030, 0, 1);
    const clock = { now: () => now, setTimeout, clearTimeout };
    const client = createLinearClient({
      apiKey: FAKE_LINEAR_API_KEY,
      apiUrl: fake.apiUrl,
      cacheTtlSeconds: 60,
      clock,
      env: {},
    });
    const cached = createLinearIssueTracker({ client, defaultTeam: "ENG" });
    const teamLoads = () => fake.operations.filter((name) => name === "teams").length;
    await cached.createIssue({ title: "one" });
    now += 59_000;
    await cached.createIssue({ title: "two" });
    expect(teamLoads()).toBe(1);
    now += 2_000;
    await cached.createIssue({ title: "three" });
    expect(teamLoads()).toBe(2);
  });

  it("refreshes the cache once when a name is not in it", async () => {
    await tracker.createIssue({ title: "warm the cache", labels: ["Bug"] });
    fake.state.addLabel({ name: "Security" });
    const issue = await tracker.createIssue({ title: "new label", labels: ["Security"] });
    expect(issue.labels).toEqual(["Security"]);
  });

  it("refuses unknown labels, users and teams without creating anything", async () => {
    const attempts = [
      tracker.createIssue({ title: "x", labels: ["Nope"] }),
      tracker.createIssue({ title: "x", assignees: ["nobody@acme.test"] }),
      tracker.createIssue({ title: "x", assignees: ["ada", "grace"] }),
      tracker.createIssue({ title: "x", container: "XYZ" }),
      createLinearIssueTracker({ client: tracker.client }).createIssue({ title: "no team" }),
    ];
    const errors = await Promise.all(attempts.map((attempt) => attempt.catch((error) => error)));
    for (const error of errors) expect(ValidationError.isInstance(error)).toBe(true);
    expect(errors.map((error) => (error as Error).message)).toEqual([
      expect.stringMatching(/Unknown Linear label\(s\) "Nope"/),
      expect.stringMatching(/Unknown Linear user "nobody@acme.test"/),
      expect.stringMatching(/one assignee; got 2/),
      expect.stringMatching(/Unknown Linear team "XYZ" \(known team keys: ENG, OPS\)/),
      expect.stringMatching(/needs a Linear team/),
    ]);
    expect(fake.state.issues).toHaveLength(0);
  });

  it("gets an issue by UUID, identifier and a previous identifier after a team move", async () => {
    const issue = fake.state.addIssue({ team: "ENG", title: "Moves around" });
    fake.state.moveIssue(issue.id, "OPS");
    const byOld = await tracker.getIssue("ENG-1");
    expect(byOld).toMatchObject({ id: issue.id, key: "OPS-1" });
    expect(byOld.platformSpecific.previousIdentifiers).toEqual(["ENG-1"]);
    await expect(tracker.getIssue(issue.id)).resolves.toMatchObject({ key: "OPS-1" });
    const missing = await tracker.getIssue("0b8f0c47-0000-4000-8000-000000000000").catch((e) => e);
    expect(NotFoundError.isInstance(missing)).toBe(true);
  });

  it("searches with searchIssues for text and issues(filter:) without, combining filters", async () => {
    const a = await tracker.createIssue({ title: "Checkout fails", labels: ["Bug", "Frontend"] });
    const b = await tracker.createIssue({ title: "Checkout slow", labels: ["Bug"] });
    await tracker.createIssue({ title: "Checkout copy", assignees: ["grace"] });
    await tracker.updateIssue(b.id, { status: "in_progress" });

    const text = await tracker.searchIssues("checkout", { labels: ["bug", "frontend"] });
    expect(text.map((issue) => issue.id)).toEqual([a.id]);
    expect(fake.requests.at(-1)?.graphql?.variables).toMatchObject({
      term: "checkout",
      filter: {
        and: [
          { labels: { some: { name: { eqIgnoreCase: "bug" } } } },
          { labels: { some: { name: { eqIgnoreCase: "frontend" } } } },
        ],
      },
    });
    const started = await tracker.searchIssues("", { status: ["in_progress"], container: "ENG" });
    expect(started.map((issue) => issue.id)).toEqual([b.id]);
    expect(fake.requests.at(-1)?.graphql?.operationName).toBe("issues");
    const graces = await tracker.searchIssues("checkout", { assignee: "Grace Hopper" });
    expect(graces.map((issue) => issue.title)).toEqual(["Checkout copy"]);
    await expect(tracker.searchIssues("checkout", { assignee: "nobody" })).resolves.toEqual([]);
  });

  it("records the operations @linear/sdk sends for every tracker method", async () => {
    const issue = await tracker.createIssue({
      title: "Ops list",
      labels: ["Bug"],
      assignees: ["ada"],
    });
    await tracker.updateIssue(issue.key, { status: "done", priority: "high" });
    await tracker.searchIssues("ops list");
    await tracker.searchIssues("", { container: "ENG" });
    await tracker.linkPullRequest(issue.key, "https://github.com/acme/api/pull/42");
    await tracker.linkUrl(issue.key, "https://acme.sentry.io/issues/1");
    await tracker.addComment(issue.key, "Deployed.");
    await tracker.findIssueForBranch(fake.state.issue(issue.key).identifier.toLowerCase());
    expect(new Set(fake.operations)).toEqual(
      new Set([
        "teams",
        "issueLabels",
        "users",
        "createIssue",
        "issue",
        "workflowStates",
        "updateIssue",
        "searchIssues",
        "issues",
        "attachmentLinkGitHubPR",
        "attachmentLinkURL",
        "createComment",
        "issueVcsBranchSearch",
      ]),
    );
  });
});
