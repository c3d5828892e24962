import type { CorrelatedEvent, EventLineage } from "@contexten/core";
import { eventLineageSchema } from "@contexten/core/schemas";
import { createGitHubWebhookRequest } from "@contexten/github/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_API_TOKEN,
  DEMO_CAST,
  DEMO_CHANNEL,
  DEMO_SECRETS,
  type DemoEnvironment,
  startDemoEnvironment,
} from "../src/demo/demo-environment";
import { type ReplayedStep, replayScenario } from "../src/demo/replay-scenario";
import { createDemoScenario, type ScenarioStep } from "../src/demo/scenario";
import { dropSchema } from "../src/service/drop-schema";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PR_URL = `https://github.com/${DEMO_CAST.repository}/pull/${DEMO_CAST.number}`;

/** Every event type the story must leave behind, once each (two Slack messages). */
const EXPECTED_TYPES = [
  "github.check_run.completed",
  "github.create.branch",
  "github.pull_request.merged",
  "github.pull_request.opened",
  "github.pull_request_review.submitted",
  "github.push",
  "linear.issue.created",
  "linear.issue.status_changed",
  "linear.issue.updated",
  "slack.message.sent",
  "slack.message.sent",
  "workflow.completed",
  "workflow.started",
  // The linked-pull-request run's six steps: facts, notify, attach, merged, summary, completed.
  ...Array<string>(6).fill("workflow.step.completed"),
].sort();

async function getJson<T>(
  environment: DemoEnvironment,
  path: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${environment.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${DEMO_API_TOKEN}` },
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function lineageOf(environment: DemoEnvironment, eventId: string): Promise<EventLineage> {
  const { status, body } = await getJson<unknown>(environment, `/api/v1/events/${eventId}/lineage`);
  expect(status).toBe(200);
  return eventLineageSchema.parse(body);
}

async function allEvents(environment: DemoEnvironment): Promise<CorrelatedEvent[]> {
  // The notification router's delivery records are checked in their own test.
  return (await environment.storage.store.query({ limit: 1000, order: "oldest" })).events.filter(
    (event) => !event.type.startsWith("notification."),
  );
}

function linkBetween(lineage: EventLineage, rule: string, sourceType: string, targetType: string) {
  const events = new Map(
    [lineage.rootEvent, ...lineage.relatedEvents].map((event) => [event.id, event]),
  );
  return lineage.links.find(
    (link) =>
      link.rule === rule &&
      events.get(link.sourceEventId)?.type === sourceType &&
      events.get(link.targetEventId)?.type === targetType,
  );
}

interface Backend {
  name: string;
  options: () => { databaseUrl?: string; schema?: string };
}

/** Everything a replay must leave unchanged: events and their groups, links, side effects. */
async function snapshot(environment: DemoEnvironment) {
  const events = await allEvents(environment);
  return {
    events: events.map((event) => `${event.id} ${event.correlationId}`).sort(),
    links: (await lineageOf(environment, events[0]!.id)).links.map((link) => link.id).sort(),
    calls: environment.outbound.calls.length,
    slackMessages: environment.fakes.slack.state.messageCount(),
    attachments: environment.fakes.linear.state.attachments.length,
    workflows: (await environment.storage.store.listWorkflows()).map(
      (run) => `${run.id} ${run.status}`,
    ),
  };
}

const backends: Backend[] = [
  { name: "embedded PGlite", options: () => ({}) },
  {
    name: "PostgreSQL",
    options: () => ({ databaseUrl: DATABASE_URL, schema: `e2e_${process.pid}_${Date.now()}` }),
  },
];

describe.each(backends)("the demo scenario end to end over HTTP ($name)", ({ options }) => {
  let environment: DemoEnvironment;
  let steps: ScenarioStep[];
  let first: ReplayedStep[];
  const settings = options();

  beforeAll(async () => {
    environment = await startDemoEnvironment(settings);
    steps = createDemoScenario();
    first = await replayScenario(environment, steps);
  }, 120_000);

  afterAll(async () => {
    await environment?.close();
    if (settings.schema) await dropSchema(DATABASE_URL, settings.schema);
  });

  it("acknowledges every signed webhook as new", () => {
    expect(first.map((step) => step.status)).toEqual(steps.map(() => 200));
    for (const step of first) expect(step.body).not.toMatchObject({ duplicate: true });
  });

  it("stores each event once and correlates all of them into one group", async () => {
    const events = await allEvents(environment);
    expect(events.map((event) => event.type).sort()).toEqual(EXPECTED_TYPES);
    const groups = new Set(events.map((event) => event.correlationId));
    expect(groups.size).toBe(1);
    expect([...groups][0]).toEqual(expect.any(String));
  });

  it("answers the lineage with the links and strengths the rules define, from any event", async () => {
    const events = await allEvents(environment);
    const issue = events.find((event) => event.type === "linear.issue.created")!;
    const lineage = await lineageOf(environment, issue.id);
    expect(lineage.relatedEvents).toHaveLength(events.length - 1);
    expect(lineage.workflowsTriggered).toHaveLength(1);
    expect(lineage.correlationStrength).toBeGreaterThan(0.5);

    const prFixesIssue = linkBetween(
      lineage,
      "linear_issue_to_github_pr",
      "linear.issue.created",
      "github.pull_request.opened",
    );
    expect(prFixesIssue?.strength).toBe(1);
    expect(prFixesIssue?.evidence.map((item) => item.evidence)).toContain("closes");
    const branch = linkBetween(
      lineage,
      "linear_issue_to_github_branch",
      "linear.issue.created",
      "github.create.branch",
    );
    expect(branch?.evidence.map((item) => item.evidence)).toContain("branch");
    expect(branch!.strength).toBeLessThan(prFixesIssue!.strength);
    expect(
      linkBetween(
        lineage,
        "github_pr_to_ci_run",
        "github.pull_request.opened",
        "github.check_run.completed",
      ),
    ).toBeDefined();
    expect(
      linkBetween(lineage, "github_push_to_pr", "github.push", "github.pull_request.opened"),
    ).toBeDefined();
    // Events link to the first event of each key they name: the reply quoting the PR URL
    // links to the PR's opening, which links to the merge.
    const slackReply = linkBetween(
      lineage,
      "github_pr_to_slack_message",
      "github.pull_request.opened",
      "slack.message.sent",
    );
    expect(slackReply?.evidence.map((item) => item.evidence)).toContain("url");

    const ids = (value: EventLineage) =>
      [value.rootEvent, ...value.relatedEvents].map((event) => event.id).sort();
    const fromReply = await lineageOf(
      environment,
      events.filter((event) => event.type === "slack.message.sent").at(-1)!.id,
    );
    expect(ids(fromReply)).toEqual(ids(lineage));
  });

  it("made exactly the outbound calls the reactions call for", async () => {
    const calls = environment.outbound.calls.map(
      (call) => `${call.platform} ${call.endpoint} ${call.status}`,
    );
    // The notification router reads the PR's code owners while the workflow runs.
    const codeOwnerReads = [
      `github GET /repos/${DEMO_CAST.repository}/contents/.github%2FCODEOWNERS 200`,
      `github GET /repos/${DEMO_CAST.repository}/pulls/${DEMO_CAST.number}/files 200`,
    ];
    expect(calls.filter((call) => codeOwnerReads.includes(call)).sort()).toEqual(codeOwnerReads);
    expect(calls.filter((call) => !codeOwnerReads.includes(call))).toEqual([
      "slack chat.postMessage 200",
      "linear graphql attachmentLinkGitHubPR 200",
      `github GET /repos/${DEMO_CAST.repository}/pulls/${DEMO_CAST.number} 200`,
      `github GET /repos/${DEMO_CAST.repository}/pulls/${DEMO_CAST.number}/reviews 200`,
      "slack conversations.history 200",
      "slack chat.update 200",
      "slack chat.postMessage 200",
    ]);
    // The platforms' own records agree.
    const slack = environment.fakes.slack.state;
    const notification = slack
      .messages(DEMO_CHANNEL.id)
      .find((message) => message.text.includes(`${DEMO_CAST.repository}#${DEMO_CAST.number}`));
    expect(notification).toBeDefined();
    expect(JSON.stringify(notification!.blocks)).toContain("Completed");
    expect(slack.replies(DEMO_CHANNEL.id, notification!.ts).map((reply) => reply.text)).toEqual([
      expect.stringContaining(`Merged by ${DEMO_CAST.merger}, approved by ${DEMO_CAST.reviewer}`),
    ]);
    const linear = environment.fakes.linear.state;
    const issueId = linear.issue("ENG-123").id;
    expect(
      linear.attachments
        .filter((attachment) => attachment.issueId === issueId)
        .map((attachment) => attachment.url),
    ).toEqual([PR_URL]);
  });

  it("routes the PR's notifications: its code owner hears it opened, its author gets the review and the merge, by email", async () => {
    const emails = environment.smtp.messages;
    expect(emails.map((email) => [email.envelopeTo, email.subject])).toEqual([
      [["grace@acme.test"], "acme/api#42: Fix login redirect loop"],
      [["ada@acme.test"], "acme/api#42: approved by grace: Fix login redirect loop"],
      [["ada@acme.test"], "acme/api#42: Fix login redirect loop"],
    ]);
    expect(emails[0]!.links).toEqual([PR_URL]);
    expect(emails[2]!.text).toContain("merged by grace");
    expect(emails[2]!.links).toEqual([PR_URL]);
    // One conversation per PR: the emails thread on the PR's correlation group.
    expect(new Set(emails.map((email) => email.inReplyTo)).size).toBe(1);
    const records = (
      await environment.storage.store.query({ type: "notification.sent", limit: 10 })
    ).events;
    expect(
      records.map((record) => `${record.payload.address} ${String(record.payload.rules)}`).sort(),
    ).toEqual([
      "ada@acme.test pull-request-owners",
      "ada@acme.test pull-request-owners",
      "grace@acme.test code-owners",
    ]);
  });

  it("changes nothing when every webhook is replayed a second time", async () => {
    const before = await snapshot(environment);
    const again = await replayScenario(environment, steps);
    expect(again.map((step) => step.status)).toEqual(steps.map(() => 200));
    for (const step of again) expect(step.body).toMatchObject({ ok: true, duplicate: true });
    const after = await snapshot(environment);
    expect(after).toEqual(before);
    expect(before.workflows).toEqual([expect.stringMatching(/ completed$/)]);
  });

  it("refuses a forged webhook with 401 and stores nothing", async () => {
    const count = (await allEvents(environment)).length;
    const forged = await createGitHubWebhookRequest({
      secret: "not-the-secret",
      event: "issues",
      payload: {
        action: "opened",
        issue: { number: 1 },
        repository: { full_name: DEMO_CAST.repository },
      },
      url: `${environment.baseUrl}/api/v1/integrations/github/webhook`,
    });
    const response = await fetch(forged.url, {
      method: "POST",
      headers: forged.headers,
      body: await forged.text(),
    });
    expect(response.status).toBe(401);
    expect((await allEvents(environment)).length).toBe(count);
    expect(DEMO_SECRETS.github).not.toBe("not-the-secret");
  });

  it("serves the status and read routes", async () => {
    const status = await getJson<{
      status: string;
      integrations: Record<string, { status: string }>;
    }>(environment, "/api/v1/integrations/status");
    expect(status.status).toBe(200);
    expect(Object.keys(status.body.integrations).sort()).toEqual(["github", "linear", "slack"]);
    for (const health of Object.values(status.body.integrations))
      expect(health.status).not.toBe("unhealthy");

    const byKey = await getJson<{ events: CorrelatedEvent[] }>(
      environment,
      "/api/v1/events?key=linear:issue:ENG-123",
    );
    expect(byKey.body.events.length).toBeGreaterThanOrEqual(3);
    expect((await getJson(environment, "/api/v1/events/no-such-event/lineage")).status).toBe(404);
    expect((await getJson(environment, "/api/v1/events?cursor=garbage")).status).toBe(400);
    expect((await getJson(environment, "/api/v1/nothing-here")).status).toBe(404);
    const runs = await getJson<{ workflows: { status: string }[] }>(
      environment,
      "/api/v1/workflows?status=completed&definitionId=linked-pull-request",
    );
    expect(runs.body.workflows).toHaveLength(1);
  });

  it("triggers a contexten workflow by id with input: the GitHub Actions dispatch", async () => {
    const trigger = (body: unknown) =>
      fetch(`${environment.baseUrl}/api/v1/workflows/trigger`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${DEMO_API_TOKEN}` },
        body: JSON.stringify(body),
      });
    const request = {
      workflowId: "github-actions-dispatch",
      idempotencyKey: "deploy-staging-1",
      input: {
        repository: DEMO_CAST.repository,
        workflow: "deploy.yml",
        inputs: { environment: "staging" },
      },
    };
    const response = await trigger(request);
    expect(response.status).toBe(201);
    const { run } = (await response.json()) as { run: { id: string; definition: { id: string } } };
    expect(run.definition.id).toBe("github-actions-dispatch");
    // The same idempotency key starts nothing new.
    expect((await trigger(request)).status).toBe(200);
    await environment.service.drain();
    const view = await getJson<{
      run: { status: string };
      steps: { stepId: string; output: { runId: number; url: string } }[];
    }>(environment, `/api/v1/workflows/${run.id}`);
    expect(view.body.run.status).toBe("completed");
    expect(view.body.steps[0]?.output.url).toContain("/actions/runs/");
    const dispatches = environment.fakes.github.requests.filter((request) =>
      request.path.endsWith("/dispatches"),
    );
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]!.body).toMatchObject({ ref: "main", inputs: { environment: "staging" } });

    const invalid = await trigger({ workflowId: "", input: {} });
    expect(invalid.status).toBe(400);
    const error = ((await invalid.json()) as { error: { message: string } }).error;
    expect(error.message).toContain("workflowId");
    expect((await trigger({ workflowId: "no-such-workflow" })).status).toBe(404);
    expect((await getJson(environment, "/api/v1/workflows/no-such-run")).status).toBe(404);
  });
});
