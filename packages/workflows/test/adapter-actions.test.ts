import { createWebhookHandler } from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import type { FakeBehaviour } from "@contexten/core/testing";
import { createGitHubClient, githubWorkflowActions } from "@contexten/github";
import { type FakeGitHubServer, startFakeGitHubServer } from "@contexten/github/testing";
import {
  createLinearClient,
  createLinearIssueTracker,
  linearWorkflowActions,
} from "@contexten/linear";
import {
  FAKE_LINEAR_API_KEY,
  type FakeLinearServer,
  startFakeLinearServer,
} from "@contexten/linear/testing";
import { APPROVE_ACTION_ID, slackWebhooks, slackWorkflowActions } from "@contexten/slack";
import {
  createFakeSlackClient,
  createInteractionRequest,
  type FakeSlackServer,
  startFakeSlackServer,
} from "@contexten/slack/testing";
import { createPostgresStore, type PostgresStore } from "@contexten/storage-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgBossRuntime, createWorkflowEngine, type WorkflowEngine } from "../src/index";
import { DATABASE_URL, dropSchemas, uniqueSchema } from "./support/databases";
import { untilTrue } from "./support/poll";

const SIGNING_SECRET = "slack-signing-secret";

const releaseDefinition = {
  id: "release-approval",
  name: "Release approval",
  triggerPatterns: [{ type: "github.pull_request.labeled", payload: { "label.name": "release" } }],
  retryPolicy: { maxAttempts: 3, baseDelayMs: 0 },
  steps: [
    {
      id: "comment",
      name: "Tell the PR",
      action: "github.createComment",
      input: {
        repository: "{{trigger.payload.repository.full_name}}",
        number: "{{trigger.payload.pull_request.number}}",
        body: "Release requested; waiting for an approval in #deploys.",
      },
    },
    {
      id: "issue",
      name: "File the release",
      action: "linear.createIssue",
      input: { title: "Release {{trigger.payload.pull_request.title}}" },
    },
    {
      id: "attach",
      name: "Attach the PR",
      action: "linear.attachPullRequest",
      dependsOn: ["issue"],
      input: {
        issue: "{{steps.issue.output.key}}",
        url: "{{trigger.payload.pull_request.html_url}}",
      },
    },
    {
      id: "approve",
      name: "Ask for approval",
      action: "slack.requestApproval",
      dependsOn: ["comment", "attach"],
      input: { channel: "C0DEPLOYS", title: "Release acme/api#7 ({{steps.issue.output.key}})?" },
    },
    {
      id: "announce",
      name: "Announce",
      action: "slack.postMessage",
      dependsOn: ["approve"],
      input: {
        channel: "C0DEPLOYS",
        text: "Releasing: approved by {{steps.approve.output.userName}}",
      },
    },
  ],
};

/** Creates the comment, then answers 502 once: a response lost after GitHub acted. */
function loseFirstCommentResponse(): FakeBehaviour {
  let lost = false;
  return async (request, next) => {
    const response = await next(request);
    if (!lost && request.method === "POST" && request.path.endsWith("/comments")) {
      lost = true;
      return { status: 502, json: { message: "Server Error" } };
    }
    return response;
  };
}

describe("adapter actions in a workflow, with the approval clicked on another instance", () => {
  const storeSchema = uniqueSchema("adapters");
  const jobSchema = uniqueSchema("adapterjobs");
  let pool: pg.Pool;
  let github: FakeGitHubServer;
  let slack: FakeSlackServer;
  let linear: FakeLinearServer;
  const engines: WorkflowEngine[] = [];

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
    github = await startFakeGitHubServer({
      rateLimit: false,
      repositories: [
        { fullName: "acme/api", pullRequests: [{ title: "Ship v2", head: { ref: "v2" } }] },
      ],
    });
    github.server.use(loseFirstCommentResponse());
    slack = await startFakeSlackServer({ channels: [{ id: "C0DEPLOYS", name: "deploys" }] });
    linear = await startFakeLinearServer({
      seed: { teams: [{ key: "ENG", name: "Engineering" }] },
    });
  });

  afterAll(async () => {
    for (const engine of engines) await engine.stop();
    await Promise.all([github.close(), slack.close(), linear.close()]);
    await pool.end();
    await dropSchemas(storeSchema, jobSchema);
  });

  /** One instance of the service: its own store object, runtime and engine on the shared database. */
  function instance(): { engine: WorkflowEngine; store: PostgresStore } {
    const store = createPostgresStore({ client: pool, schema: storeSchema });
    const slackClient = createFakeSlackClient(slack);
    const linearClient = createLinearClient({
      apiKey: FAKE_LINEAR_API_KEY,
      apiUrl: linear.apiUrl,
      env: {},
    });
    const engine = createWorkflowEngine({
      store,
      events: store,
      runtime: createPgBossRuntime({
        connectionString: DATABASE_URL,
        schema: jobSchema,
        maxConnections: 3,
        pollingIntervalSeconds: 0.5,
        onError: () => {},
      }),
      actions: [
        ...githubWorkflowActions(createGitHubClient({ token: "t", baseUrl: github.url, env: {} })),
        ...slackWorkflowActions(slackClient),
        ...linearWorkflowActions(
          createLinearIssueTracker({ client: linearClient, defaultTeam: "ENG" }),
        ),
      ],
      definitions: [releaseDefinition],
      logger: { info() {}, warn() {}, error() {} },
    });
    engines.push(engine);
    return { engine, store };
  }

  it("runs GitHub, Linear and Slack actions once each and resumes on the click", async () => {
    const worker = instance();
    const receiver = instance();
    await worker.store.migrate();
    await worker.engine.start();
    const slackHandler = createWebhookHandler({
      sources: slackWebhooks({
        signingSecrets: [SIGNING_SECRET],
        client: createFakeSlackClient(slack),
      }),
      store: receiver.store,
      onEvent: (event) => receiver.engine.onEvent(event),
    });

    const at = new Date();
    const trigger = correlatedEventSchema.parse({
      id: "evt-labeled",
      type: "github.pull_request.labeled",
      platform: "github",
      occurredAt: at,
      receivedAt: at,
      subject: { kind: "pull_request", id: "PR_1", key: "acme/api#1" },
      payload: {
        action: "labeled",
        label: { name: "release" },
        repository: { full_name: "acme/api" },
        pull_request: {
          number: 1,
          title: "Ship v2",
          html_url: "https://github.com/acme/api/pull/1",
        },
      },
    });
    await worker.store.append(trigger);
    const [triggered] = await worker.engine.onEvent(trigger);
    const run = triggered!.run;
    const stepStatus = async (stepId: string) =>
      (await worker.store.listSteps(run.id)).find((step) => step.stepId === stepId)?.status;
    await untilTrue(async () => (await stepStatus("approve")) === "waiting", 30_000);

    // The click reaches the other instance, which stores it and resumes the run.
    const [question] = slack.state.messages("C0DEPLOYS");
    const button = JSON.stringify(question?.blocks).match(/"value":"((?:[^"\\]|\\.)*)"/)?.[1];
    const response = await slackHandler(
      createInteractionRequest({
        signingSecret: SIGNING_SECRET,
        payload: {
          type: "block_actions",
          team: { id: "T0ACME", domain: "acme" },
          user: { id: "U0ADA", username: "ada", team_id: "T0ACME" },
          api_app_id: "A0APP",
          container: { type: "message", message_ts: question!.ts, channel_id: "C0DEPLOYS" },
          trigger_id: "1.2.3",
          channel: { id: "C0DEPLOYS", name: "deploys" },
          message: {
            type: "message",
            ts: question!.ts,
            text: question!.text,
            blocks: question!.blocks,
          },
          response_url: `${slack.url}/response/1`,
          actions: [
            {
              action_id: APPROVE_ACTION_ID,
              block_id: "contexten_actions",
              type: "button",
              value: JSON.parse(`"${button}"`),
              action_ts: "1900000000.000100",
            },
          ],
        },
      }),
    );
    expect(response.status).toBe(200);
    await slackHandler.drain();
    const finalStatus = async () => (await worker.store.getWorkflow(run.id))?.status;
    await untilTrue(
      async () => ["completed", "failed"].includes((await finalStatus()) ?? ""),
      30_000,
    );
    const status = await finalStatus();
    await slackHandler.close();

    expect(status).toBe("completed");
    const steps = await worker.store.listSteps(run.id);
    expect(steps.find((step) => step.stepId === "comment")?.attempts).toBe(2);
    // One comment although the first response was lost and the step ran twice.
    expect(github.state.requireRepository("acme/api").pullRequests.get(1)?.comments).toHaveLength(
      1,
    );
    expect(linear.state.issues.map((issue) => issue.title)).toEqual(["Release Ship v2"]);
    expect(linear.state.attachments.map((attachment) => attachment.url)).toEqual([
      "https://github.com/acme/api/pull/1",
    ]);
    const messages = slack.state.messages("C0DEPLOYS");
    expect(messages.map((message) => message.text)).toEqual([
      question!.text,
      "Releasing: approved by ada",
    ]);
    expect(JSON.stringify(messages[0]?.blocks)).toContain("Approved by ada");
    expect(steps.find((step) => step.stepId === "approve")?.output).toMatchObject({
      decision: "approved",
      userId: "U0ADA",
    });
  }, 60_000);
});
