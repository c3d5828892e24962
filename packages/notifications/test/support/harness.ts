import {
  createMemoryEventStore,
  createMemoryWorkflowStore,
  type EventStore,
  type WorkflowRuntime,
  type WorkflowStore,
} from "@contexten/core";
import { createEmailNotifier } from "@contexten/email";
import { startTestSmtpServer, type TestSmtpServer } from "@contexten/email/testing";
import { createSlackNotifier, slackIdentityLookup } from "@contexten/slack";
import {
  createFakeSlackClient,
  type FakeSlackServer,
  type FakeSlackUserInput,
  startFakeSlackServer,
} from "@contexten/slack/testing";
import {
  createMemoryRuntime,
  createWorkflowEngine,
  type WorkflowEngine,
} from "@contexten/workflows";
import { ManualClock, runUntil } from "@contexten/workflows/testing";
import {
  createNotificationRouter,
  type NotificationRouter,
  type NotificationRouterOptions,
} from "../../src/index";

/** A router on a memory engine with a fake clock, real SMTP and the fake Slack. */
export interface RouterHarness {
  router: NotificationRouter;
  engine: WorkflowEngine;
  events: EventStore;
  clock: ManualClock;
  smtp: TestSmtpServer;
  slack: FakeSlackServer;
  /** Lets deliveries finish, moving fake time until `condition` holds. */
  until(condition: () => boolean | Promise<boolean>, description: string): Promise<void>;
  /** Moves fake time, letting work finish. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export const silentLogger = { info() {}, warn() {}, error() {} };

export async function startRouterHarness(
  options: Pick<NotificationRouterOptions, "rules" | "people" | "lookups" | "ownerSources"> & {
    start: string;
    /** Members of the fake Slack workspace. */
    slackUsers?: FakeSlackUserInput[];
    /** Find Slack ids by email through the fake Slack's `users.lookupByEmail`. */
    lookupSlackByEmail?: boolean;
    runtime?: WorkflowRuntime;
    workflows?: WorkflowStore;
  },
): Promise<RouterHarness> {
  const clock = new ManualClock(Date.parse(options.start));
  const runtime = createMemoryRuntime({ clock });
  const events = createMemoryEventStore();
  const engine = createWorkflowEngine({
    store: createMemoryWorkflowStore(),
    events,
    runtime,
    random: () => 0.5,
    logger: silentLogger,
  });
  const smtp = await startTestSmtpServer();
  const slack = await startFakeSlackServer({
    channels: [
      { id: "C0ENG", name: "eng" },
      { id: "C0ONCALL", name: "oncall" },
    ],
    users: options.slackUsers ?? [],
  });
  const { slackUsers: _users, lookupSlackByEmail, ...routerOptions } = options;
  const router = createNotificationRouter({
    ...routerOptions,
    lookups: {
      ...options.lookups,
      ...(lookupSlackByEmail ? { slack: slackIdentityLookup(createFakeSlackClient(slack)) } : {}),
    },
    engine,
    events,
    clock,
    notifiers: [
      createSlackNotifier({ client: createFakeSlackClient(slack) }),
      createEmailNotifier({
        from: "contexten <bot@contexten.test>",
        smtp: { host: smtp.host, port: smtp.port, ignoreTLS: true },
        actionUrl: (action, handback) =>
          `https://app.contexten.test/ack/${String(handback.context?.notificationId)}?action=${action.id}`,
        env: {},
      }),
    ],
  });
  await engine.start();
  const settle = () => runtime.idle();
  return {
    router,
    engine,
    events,
    clock,
    smtp,
    slack,
    until: (condition, description) =>
      runUntil(clock, settle, condition, { stepMs: 1000, maxFakeMs: 60_000, description }),
    async advance(ms) {
      await settle();
      await clock.advance(ms, settle);
      await settle();
    },
    async close() {
      await engine.stop();
      await smtp.close();
      await slack.close();
    },
  };
}
