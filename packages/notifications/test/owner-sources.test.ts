import { codeownersOwnerSource } from "@contexten/analysis";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { createGitHubClient } from "@contexten/github";
import { type FakeGitHubServer, startFakeGitHubPullRequest } from "@contexten/github/testing";
import { createLinearClient, linearIdentityLookup } from "@contexten/linear";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "@contexten/linear/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NotificationRuleInput, PersonInput } from "../src/index";
import { type RouterHarness, startRouterHarness } from "./support/harness";

const CODEOWNERS = `*            @acme/platform @carol
src/auth/**  @alice security@acme.test
`;

// Alice and Grace have no Slack id in the configuration: their emails find them.
const people: PersonInput[] = [
  { id: "alice", github: "alice", email: "alice@acme.test", preferences: { channels: ["slack"] } },
  { id: "security", email: "security@acme.test", preferences: { channels: ["email"] } },
  { id: "grace", email: "grace@acme.test", preferences: { channels: ["slack", "email"] } },
];

const rules: NotificationRuleInput[] = [
  {
    name: "code-owners",
    events: { type: "github.pull_request.opened" },
    targets: [{ kind: "owners", roles: ["codeowners"] }],
    priority: "high",
  },
  {
    name: "assigned-issues",
    events: { type: "linear.issue.updated" },
    targets: [{ kind: "owners", roles: ["assignees"] }],
    priority: "high",
  },
];

let github: FakeGitHubServer;
let linear: FakeLinearServer;
let harness: RouterHarness;

beforeEach(async () => {
  github = await startFakeGitHubPullRequest({
    codeowners: CODEOWNERS,
    pullRequest: {
      number: 7,
      title: "Rotate session keys",
      user: "mallory",
      head: { ref: "feature/keys" },
      files: [{ filename: "src/auth/session.ts", status: "modified", additions: 3, deletions: 1 }],
    },
  });
  linear = await startFakeLinearServer({
    seed: {
      teams: [{ key: "ENG", name: "Engineering" }],
      users: [{ id: "u-grace", name: "Grace Hopper", email: "grace@acme.test" }],
    },
  });
});

afterEach(async () => {
  await harness?.close();
  await github.close();
  await linear.close();
});

async function startHarness() {
  const client = createGitHubClient({ token: "test", baseUrl: github.url });
  harness = await startRouterHarness({
    rules,
    people,
    start: "2030-03-04T10:00:00Z",
    ownerSources: [codeownersOwnerSource({ client })],
    lookups: {
      linear: linearIdentityLookup(
        createLinearClient({ apiKey: FAKE_LINEAR_API_KEY, apiUrl: linear.apiUrl, env: {} }),
      ),
    },
    lookupSlackByEmail: true,
    slackUsers: [
      { id: "U0ALICE", name: "alice", email: "alice@acme.test" },
      { id: "U0GRACE", name: "grace", email: "Grace@acme.test" },
    ],
  });
  return client;
}

describe("owners from CODEOWNERS and identities from the platforms' APIs", () => {
  it("reaches a pull request's code owners: a login mapped by configuration and Slack's lookup, an email owner by email", async () => {
    const client = await startHarness();
    const pull = await client.getPullRequest("acme/api", 7);
    const at = harness.clock.now();
    const event = correlatedEventSchema.parse({
      id: "pr-opened-7",
      type: "github.pull_request.opened",
      platform: "github",
      occurredAt: new Date(at),
      receivedAt: new Date(at),
      subject: { kind: "pull_request", id: "acme/api#7", title: "Rotate session keys" },
      payload: {
        action: "opened",
        repository: { full_name: "acme/api" },
        sender: { login: "mallory" },
        pull_request: pull,
      },
    });

    const result = await harness.router.dispatch(event);
    // carol owns `*` but nothing here; the team is not a person; alice and security own src/auth.
    expect(result.targets).toEqual([
      {
        kind: "person",
        personId: "alice",
        platform: "slack",
        address: "U0ALICE",
        priority: "high",
        rules: ["code-owners"],
        delivery: "immediate",
      },
      {
        kind: "person",
        personId: "security",
        platform: "email",
        address: "security@acme.test",
        priority: "high",
        rules: ["code-owners"],
        delivery: "immediate",
      },
    ]);
    expect(harness.slack.state.messages("D0ALICE").map((message) => message.text)).toEqual([
      expect.stringContaining("Rotate session keys"),
    ]);
    const [email] = await harness.smtp.waitForMessages(1);
    expect(email!.envelopeTo).toEqual(["security@acme.test"]);
    expect(harness.slack.calls("users.lookupByEmail").map((call) => call.params.email)).toEqual([
      "alice@acme.test",
    ]);
  });

  it("maps a Linear user id to the configured person by email through Linear, then to Slack, asking each once", async () => {
    await startHarness();
    const assigned = (id: string) => {
      const at = harness.clock.now();
      return correlatedEventSchema.parse({
        id,
        type: "linear.issue.updated",
        platform: "linear",
        occurredAt: new Date(at),
        receivedAt: new Date(at),
        subject: { kind: "issue", id: "ENG-12", key: "ENG-12", title: "Sessions expire early" },
        payload: {
          action: "update",
          type: "Issue",
          actor: { id: "u-lead" },
          data: { id: "issue-12", identifier: "ENG-12", assignee: { id: "u-grace" } },
        },
      });
    };
    const usersQueries = () =>
      linear.requests.filter((request) => JSON.stringify(request.body).includes("query users("))
        .length;

    const first = await harness.router.dispatch(assigned("linear-1"));
    expect(
      first.targets.map((target) => [target.personId, target.platform, target.address]),
    ).toEqual([["grace", "slack", "U0GRACE"]]);
    // One Linear query per configured person without a Linear id (alice, security, grace),
    // asked while looking for the actor u-lead and the assignee u-grace.
    expect(usersQueries()).toBe(3);
    await harness.router.dispatch(assigned("linear-2"));
    expect(harness.slack.state.messages("D0GRACE")).toHaveLength(2);
    // The second event asked nobody: the answers are remembered.
    expect(usersQueries()).toBe(3);
    expect(harness.slack.calls("users.lookupByEmail").map((call) => call.params.email)).toEqual([
      "grace@acme.test",
    ]);
  });
});
