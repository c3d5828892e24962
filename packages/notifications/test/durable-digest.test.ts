import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createEmailNotifier } from "@contexten/email";
import { startTestSmtpServer, type TestSmtpServer } from "@contexten/email/testing";
import { createPostgresStore, type PostgresStore } from "@contexten/storage-postgres";
import {
  createPgBossRuntime,
  createWorkflowEngine,
  type PgBossWorkflowRuntime,
} from "@contexten/workflows";
import { runUntil } from "@contexten/workflows/testing";
import { PGlite } from "@electric-sql/pglite";
import { TestClock } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createNotificationRouter,
  DIGEST_WORKFLOW_ID,
  type NotificationRuleInput,
} from "../src/index";
import { commentEvent } from "./support/events";
import { silentLogger } from "./support/harness";

const rules: NotificationRuleInput[] = [
  {
    name: "comments-digest",
    events: { type: "github.issue_comment.created" },
    targets: [{ kind: "owners", roles: ["author"] }],
    priority: "low",
  },
];
const people = [
  { id: "carol", github: "carol", email: "carol@acme.test", preferences: { channels: ["email"] } },
];

/** One process's worth of contexten: a pg-boss runtime, an engine and a router on the shared database. */
function startInstance(
  pglite: PGlite,
  store: PostgresStore,
  smtp: TestSmtpServer,
  queue: string,
  now: number,
) {
  const clock = new TestClock(now);
  const runtime = createPgBossRuntime({
    pglite,
    queue,
    clock,
    concurrency: 2,
    batchSize: 8,
    pollingIntervalSeconds: 0.5,
    onError: () => {},
  });
  const engine = createWorkflowEngine({
    store,
    events: store,
    runtime,
    random: () => 0.5,
    logger: silentLogger,
  });
  const router = createNotificationRouter({
    rules,
    people,
    engine,
    events: store,
    clock,
    notifiers: [
      createEmailNotifier({
        from: "bot@contexten.test",
        smtp: { host: smtp.host, port: smtp.port, ignoreTLS: true },
        env: {},
      }),
    ],
  });
  const settle = () =>
    Promise.race([(runtime as PgBossWorkflowRuntime).deliveriesDone(), sleep(100)]);
  const advanceable = {
    now: () => clock.now(),
    async advance(ms: number) {
      if (ms <= 5_000) return clock.tick(ms);
      await clock.setTime(clock.now() + ms);
      await clock.tick(1);
    },
  };
  return { clock, runtime, engine, router, settle, advanceable };
}

describe("a digest window across a restart (PGlite, pg-boss)", () => {
  let pglite: PGlite;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    pglite = new PGlite();
    await pglite.waitReady;
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
    await pglite?.close();
  });

  it("loses nothing queued before the restart and sends one digest of all 20", async () => {
    const store = createPostgresStore({
      client: pglite,
      schema: `notify_${randomBytes(4).toString("hex")}`,
    });
    await store.migrate();
    const queue = `notify-${randomBytes(4).toString("hex")}`;
    const windowEnd = Date.parse("2030-03-04T11:00:00Z");

    const first = startInstance(pglite, store, smtp, queue, Date.parse("2030-03-04T10:05:00Z"));
    await first.engine.start();
    for (let index = 1; index <= 10; index += 1) {
      await first.router.dispatch(commentEvent({ at: first.clock.now(), index }));
      await first.clock.setTime(first.clock.now() + 60_000);
    }
    // The process stops in the middle of the window: the sleeping digest run and the
    // queued items are all it leaves, in the database.
    await first.engine.stop();

    const second = startInstance(pglite, store, smtp, queue, first.clock.now());
    await second.engine.start();
    for (let index = 11; index <= 20; index += 1) {
      await second.router.dispatch(commentEvent({ at: second.clock.now(), index }));
    }
    expect(smtp.messages).toHaveLength(0);
    await second.advanceable.advance(windowEnd - second.clock.now());
    await runUntil(second.advanceable, second.settle, () => smtp.messages.length > 0, {
      stepMs: 1000,
      maxFakeMs: 5 * 60_000,
      description: "the digest after the restart",
    });
    await runUntil(
      second.advanceable,
      second.settle,
      async () => {
        const runs = await second.engine.listRuns({ definitionId: DIGEST_WORKFLOW_ID });
        return runs.every((run) => run.status === "completed");
      },
      { stepMs: 1000, description: "the digest run completing" },
    );

    expect(smtp.messages).toHaveLength(1);
    const [digest] = smtp.messages;
    expect(digest!.subject).toBe("20 notifications since your last digest");
    for (let index = 1; index <= 20; index += 1) expect(digest!.text).toContain(`Comment ${index}`);
    expect(await second.engine.listRuns({ definitionId: DIGEST_WORKFLOW_ID })).toHaveLength(1);
    await second.engine.stop();
  });
});
