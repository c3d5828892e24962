import { randomBytes } from "node:crypto";
import type { Clock } from "@contexten/core";
import { GITHUB_DOCUMENTED_LIMITS } from "@contexten/github";
import { type RedisServer, startRedisServer } from "@contexten/redis/testing";
import {
  createInteractionRequest,
  createSlashCommandRequest,
  createViewSubmissionPayload,
  withView,
} from "@contexten/slack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRETS, type DemoEnvironment, startDemoFakes } from "../src/demo/demo-environment";
import { createDemoScenario } from "../src/demo/scenario";
import { createServiceStorage } from "../src/service/create-storage";
import { dropSchema } from "../src/service/drop-schema";
import { type Instance, startInstance } from "./multi-instance/instance-control";

// Three processes of the example service share one PostgreSQL and one Redis (a
// redis-server of the test's own, so it can be killed). Time is simulated and moved by
// this test for every process at once, so an hour of GitHub limits runs in seconds and
// nothing depends on the machine's speed.

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MINUTE = 60_000;
const INSTANCES = 3;
const SLACK_WEBHOOK = "/api/v1/integrations/slack/webhook";
/** Simulated minutes of load (60 in the real test; lower it locally to iterate). */
const LOAD_MINUTES = Number(process.env.MULTI_INSTANCE_MINUTES ?? 60);

let now = Math.ceil(Date.now() / 1000) * 1000;
const clock: Clock = {
  now: () => now,
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};
const schema = `multi_${process.pid}_${randomBytes(3).toString("hex")}`;
let redis: RedisServer;
let fakes: DemoEnvironment["fakes"];
let instances: Instance[] = [];

/** Moves every instance to `to`, firing their due timers in order. */
async function advanceAll(to: number): Promise<void> {
  now = to;
  await Promise.all(instances.map((instance) => instance.send({ type: "advance", to })));
}

/** Runs simulated time to `until`, timer by timer across all instances. */
async function runUntil(until: number): Promise<void> {
  let steps = 0;
  const startedAt = performance.now();
  for (;;) {
    steps += 1;
    if (process.env.MULTI_INSTANCE_DEBUG && steps % 500 === 0) {
      console.log(
        `step ${steps}: ${((now - until) / 1000).toFixed(0)} s to go, ${((performance.now() - startedAt) / 1000).toFixed(1)} s real`,
      );
    }
    const next = Math.min(
      ...instances.map((instance) => instance.next ?? Number.POSITIVE_INFINITY),
    );
    if (next > until) {
      await advanceAll(until);
      return;
    }
    await advanceAll(Math.max(next, now));
  }
}

/** Moves time on until every instance finished the work its acks started. */
async function waitIdle(): Promise<void> {
  // Workflow tasks are pg-boss jobs, picked up by real-time polling and LISTEN/NOTIFY, so
  // this waits in real time too (a bound, not a timing assumption: idle is usually quick).
  // Idle twice in a row: work one instance hands to another (a job inserted as a step
  // finishes) is seen by the second round even when the first raced it.
  const deadline = performance.now() + 120_000;
  let idleRounds = 0;
  while (performance.now() < deadline) {
    const answers = await Promise.all(
      instances.map((instance) => instance.send<{ idle: boolean }>({ type: "idle" })),
    );
    idleRounds = answers.every((answer) => answer.idle) ? idleRounds + 1 : 0;
    if (idleRounds >= 2) return;
    if (idleRounds === 1) continue;
    const next = Math.min(
      ...instances.map((instance) => instance.next ?? Number.POSITIVE_INFINITY),
    );
    if (Number.isFinite(next)) await advanceAll(Math.max(next, now));
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("the instances never became idle");
}

async function deliver(
  request: Request,
  to: Instance,
  path = new URL(request.url).pathname,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${to.url}${path}`, {
    method: request.method,
    headers: request.headers,
    body: await request.clone().arrayBuffer(),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  redis = await startRedisServer();
  fakes = await startDemoFakes({ clock, github: { secondaryRateLimit: true } });
  const storage = await createServiceStorage({ databaseUrl: DATABASE_URL, schema });
  await storage.close();
  const issue = await fetch(`${fakes.github.url}/repos/acme/api/issues`, {
    method: "POST",
    headers: { authorization: "token demo-token", "content-type": "application/json" },
    body: JSON.stringify({ title: "Load target" }),
  });
  const commentIssue = ((await issue.json()) as { number: number }).number;
  instances = await Promise.all(
    Array.from({ length: INSTANCES }, (_, index) =>
      startInstance({
        index,
        instances: INSTANCES,
        redisUrl: redis.url,
        keyPrefix: `multi-${process.pid}:`,
        databaseUrl: DATABASE_URL,
        schema,
        githubUrl: fakes.github.url,
        slackApiUrl: fakes.slack.apiUrl,
        slackBotToken: fakes.slack.botToken,
        linearApiUrl: fakes.linear.apiUrl,
        startAt: now,
        commentIssue,
      }),
    ),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.close()));
  await Promise.all([fakes?.github.close(), fakes?.slack.close(), fakes?.linear.close()]);
  await redis?.kill();
  await dropSchema(DATABASE_URL, schema);
});

describe("three instances of the service on one PostgreSQL and one Redis", () => {
  it("stores and processes every webhook delivery once, whichever instances receive it (twice)", async () => {
    const steps = createDemoScenario();
    const environment = { fakes } as DemoEnvironment;
    const answers: { status: number; duplicate: boolean }[][] = [];
    for (const [index, step] of steps.entries()) {
      const request = await step.request(environment, instances[0]!.url);
      // The same delivery reaches two instances at once (a platform retry behind a balancer).
      const pair = await Promise.all([
        deliver(request, instances[index % INSTANCES]!),
        deliver(request, instances[(index + 1) % INSTANCES]!),
      ]);
      answers.push(
        pair.map(({ status, body }) => ({
          status,
          duplicate: (body as { duplicate?: boolean } | undefined)?.duplicate === true,
        })),
      );
      await waitIdle();
    }
    for (const pair of answers) {
      expect(pair.map((answer) => answer.status)).toEqual([200, 200]);
      expect(pair.filter((answer) => answer.duplicate)).toHaveLength(1);
    }
    const storage = await createServiceStorage({ databaseUrl: DATABASE_URL, schema });
    try {
      const { events } = await storage.store.query({ limit: 1000 });
      const types = events.map((event) => event.type).sort();
      expect(types).toEqual([
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
        // One per step of the linked-pull-request workflow, each run once.
        ...Array<string>(6).fill("workflow.step.completed"),
      ]);
      expect(new Set(events.map((event) => event.correlationId)).size).toBe(1);
      expect(await storage.store.listWorkflows()).toMatchObject([{ status: "completed" }]);
    } finally {
      await storage.close();
    }
    // The PR notification was posted once, though its webhook reached two instances.
    const posts = [...fakes.slack.state.channels.values()].flatMap((channel) => channel.messages);
    expect(posts.filter((message) => JSON.stringify(message).includes("PR opened"))).toHaveLength(
      1,
    );
  }, 120_000);

  it("continues a Slack modal started on one instance on the others", async () => {
    const sign = { signingSecret: DEMO_SECRETS.slack };
    const opened = await deliver(
      createSlashCommandRequest({
        ...sign,
        command: "/issue",
        text: "Deploys hang on step 3",
        userId: "U0ALICE",
        channelId: "C0ENGINEER",
        triggerId: "77.88.open",
      }),
      instances[0]!,
      SLACK_WEBHOOK,
    );
    expect(opened.status).toBe(200);
    await waitIdle();
    const modal = fakes.slack.state.viewList().at(-1)!;
    const submit = async (view: typeof modal, answers: Record<string, string>, to: Instance) => {
      const payload = createViewSubmissionPayload({
        view,
        answers,
        userId: "U0ALICE",
        state: fakes.slack.state,
      });
      return deliver(createInteractionRequest({ ...sign, payload }), to, SLACK_WEBHOOK);
    };
    const step2 = await submit(modal, { title: "Deploys hang on step 3" }, instances[1]!);
    expect(step2.body).toMatchObject({ response_action: "update" });
    const view = (step2.body as { view: Record<string, unknown> }).view;
    const done = await submit(withView(modal, view), { priority: "high" }, instances[2]!);
    expect(done.status).toBe(200);
    await waitIdle();
    const filed = fakes.linear.state.issues.filter(
      (issue) => issue.title === "Deploys hang on step 3",
    );
    expect(filed).toHaveLength(1);
  }, 60_000);

  it("tells every instance about a cache invalidation within 100 ms", async () => {
    const [first, ...others] = instances as [Instance, ...Instance[]];
    await first.send({ type: "cache-set", key: "github:probe/1", value: { v: 1 } });
    for (const other of others) {
      // Once the set's own message arrived, a read fills the other instance's local tier.
      await expect
        .poll(
          async () =>
            (await other.send<{ invalidations: unknown[] }>({ type: "invalidations" }))
              .invalidations.length,
        )
        .toBeGreaterThan(0);
      expect(await other.send({ type: "cache-get", key: "github:probe/1" })).toMatchObject({
        entry: { value: { v: 1 } },
      });
    }
    expect(await first.send({ type: "cache-invalidate", pattern: "github:probe/*" })).toEqual({
      removed: 1,
    });
    type Heard = { pattern?: string; sentAt: number; receivedAt: number };
    const heardBy = async (instance: Instance) =>
      (
        await instance.send<{ invalidations: Heard[] }>({ type: "invalidations" })
      ).invalidations.find((message) => message.pattern === "github:probe/*");
    for (const other of others) {
      await expect.poll(() => heardBy(other)).toBeDefined();
      const message = (await heardBy(other))!;
      expect(message.receivedAt - message.sentAt).toBeLessThan(100);
      expect(await other.send({ type: "cache-get", key: "github:probe/1" })).toMatchObject({
        entry: null,
      });
    }
  });

  it("an hour at ten times GitHub's budgets, Redis killed for a sixth of it: no 403/429, ≥95% used, nothing lost", async () => {
    const loadStart = now;
    const before = fakes.github.requests.length;
    // Each instance every 10 s: 50 reads and 5 comments. Together 54,000 reads and 5,400
    // comments an hour: ten times the primary (5,000) and content-creation (500) budgets.
    await Promise.all(
      instances.map((instance) =>
        instance.send({
          type: "start-demand",
          everyMs: 10_000,
          readsPerTick: 50,
          createsPerTick: 5,
        }),
      ),
    );
    const loadEnd = loadStart + LOAD_MINUTES * MINUTE;
    await runUntil(loadStart + (LOAD_MINUTES / 3) * MINUTE);
    await redis.kill();
    await runUntil(loadStart + (LOAD_MINUTES / 2) * MINUTE);
    const during = await Promise.all(
      instances.map((instance) => instance.send<{ mode: string }>({ type: "status" })),
    );
    expect(during.map((status) => status.mode)).toEqual([
      "local-share",
      "local-share",
      "local-share",
    ]);
    await redis.start();
    // Reconnection and resynchronisation happen on real time; wait for them, not for a delay.
    await expect
      .poll(
        async () =>
          (
            await Promise.all(
              instances.map((instance) => instance.send<{ mode: string }>({ type: "status" })),
            )
          ).map((status) => status.mode),
        { timeout: 30_000, interval: 50 },
      )
      .toEqual(["shared", "shared", "shared"]);
    // Budgets resynchronised: the restarted, empty Redis knows at least every comment GitHub
    // has counted in this hour, so it cannot hand the content-creation budget out again.
    const comments = () =>
      fakes.github.requests.filter(
        (request) =>
          request.method === "POST" &&
          request.path.endsWith("/comments") &&
          request.timestamp >= loadStart &&
          request.status === 201,
      ).length;
    const contentHour = await instances[0]!.send<{ limit: number; remaining: number }>({
      type: "inspect",
      platform: "github",
      bucket: "content-hour",
    });
    expect(comments()).toBeGreaterThan(100);
    expect(contentHour.limit - contentHour.remaining).toBeGreaterThanOrEqual(comments());
    await runUntil(loadEnd);
    const outcomes = await Promise.all(
      instances.map((instance) =>
        instance.send<{
          issued: number;
          succeeded: number;
          failed: string[];
          modes: { mode: string }[];
        }>({ type: "stop-demand" }),
      ),
    );

    const requests = fakes.github.requests.slice(before);
    const issued = outcomes.reduce((sum, outcome) => sum + outcome.issued, 0);
    expect(issued).toBeGreaterThanOrEqual(
      10 * GITHUB_DOCUMENTED_LIMITS.core.limit * (LOAD_MINUTES / 60),
    );
    // Not one refusal from GitHub's primary, secondary or content-creation limits.
    expect(
      fakes.github.requests.filter((request) => request.status === 403 || request.status === 429),
    ).toEqual([]);
    expect(fakes.github.secondaryRefusals).toEqual({ points: 0, contentMinute: 0, contentHour: 0 });
    expect(fakes.github.rateLimitWindows.get("core")?.refused).toBe(0);
    // Nothing failed or was lost: what was not served yet was still waiting its turn.
    expect(outcomes.flatMap((outcome) => outcome.failed)).toEqual([]);
    const ok = (request: { status?: number }) =>
      request.status !== undefined && request.status >= 200 && request.status < 300;
    const served = requests.filter((request) => request.timestamp < loadEnd && ok(request));
    const budget = 4_500 * (LOAD_MINUTES / 60); // 90% of GitHub's 5,000, the preset's headroom
    console.log(
      `multi-instance: ${issued} requests issued, ${served.length} served in ${LOAD_MINUTES} simulated minutes (${((100 * served.length) / budget).toFixed(1)}% of the ${budget} budget; ${comments()} comments), ${fakes.github.requests.filter((request) => (request.status ?? 0) >= 400).length} refusals`,
    );
    expect(served.length).toBeGreaterThanOrEqual(0.95 * budget);
    expect(served.length).toBeLessThanOrEqual(GITHUB_DOCUMENTED_LIMITS.core.limit);
    const succeeded = outcomes.reduce((sum, outcome) => sum + outcome.succeeded, 0);
    expect(succeeded).toBe(requests.filter(ok).length);
    // The documented fallback: local shares while Redis was gone, shared budgets after.
    for (const outcome of outcomes) {
      expect(outcome.modes.map((entry) => entry.mode)).toEqual(["local-share", "shared"]);
    }
  }, 600_000);
});
