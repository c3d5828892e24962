/**
 * `npm run bench -- notifications`: the cost of contexten's notification path next to the
 * library it is built on, in the same run.
 *
 * - **Email**: `EmailNotifier.sendNotification` (validate, render text + HTML from
 *   Markdown, send with retry bookkeeping) against `nodemailer`'s `sendMail` alone with a
 *   prebuilt message, both to the same local SMTP peer (smtp-server on 127.0.0.1), in
 *   interleaved rounds.
 * - **Routing**: `NotificationRouter.route` (rules, owners, identities, preferences, quiet
 *   hours) per event, against compiled rule patterns matched alone (the floor every router
 *   pays).
 */
import {
  compileEventPattern,
  createMemoryEventStore,
  createMemoryWorkflowStore,
} from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";
import { createEmailNotifier } from "@contexten/email";
import { startTestSmtpServer } from "@contexten/email/testing";
import { createNotificationRouter, type NotificationRuleInput } from "@contexten/notifications";
import { createMemoryRuntime, createWorkflowEngine } from "@contexten/workflows";
import nodemailer from "nodemailer";

const ROUNDS = 5;
const PER_ROUND = Number(process.env.BENCH_EMAIL_MESSAGES ?? 100);
const EVENTS = 10_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function benchEmail(): Promise<void> {
  const smtp = await startTestSmtpServer();
  const smtpOptions = { host: smtp.host, port: smtp.port, ignoreTLS: true };
  const notifier = createEmailNotifier({
    from: "bench@contexten.test",
    smtp: smtpOptions,
    env: {},
  });
  const transport = nodemailer.createTransport(smtpOptions);
  const notification = {
    title: "acme/api#42: Fix login redirect loop",
    message:
      "**ada** opened the PR, which works on ENG-123.\n\n- [diff](https://github.com/acme/api/pull/42/files)",
    priority: "high" as const,
    fields: [{ label: "Repository", value: "acme/api" }],
    url: "https://github.com/acme/api/pull/42",
  };
  const prebuilt = {
    from: "bench@contexten.test",
    to: "ada@example.com",
    subject: "[High] acme/api#42: Fix login redirect loop",
    text: "acme/api#42: Fix login redirect loop\nPriority: High\n\n**ada** opened the PR.",
    html: "<h2>acme/api#42: Fix login redirect loop</h2><p><strong>ada</strong> opened the PR.</p>",
    priority: "high" as const,
  };
  const ours: number[] = [];
  const peer: number[] = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    let started = performance.now();
    for (let index = 0; index < PER_ROUND; index += 1)
      await notifier.sendNotification("ada@example.com", notification);
    const oursMs = performance.now() - started;
    started = performance.now();
    for (let index = 0; index < PER_ROUND; index += 1) await transport.sendMail(prebuilt);
    const peerMs = performance.now() - started;
    if (round > 0) {
      ours.push((PER_ROUND / oursMs) * 1000);
      peer.push((PER_ROUND / peerMs) * 1000);
    }
  }
  await smtp.close();
  const ratio = median(peer) / median(ours);
  console.log(
    `email: EmailNotifier ${median(ours).toFixed(0)} messages/s, nodemailer sendMail alone ${median(peer).toFixed(0)} messages/s: ${ratio.toFixed(2)}× the time per message (median of ${ROUNDS} rounds of ${PER_ROUND}, ${smtp.messages.length} messages received)`,
  );
}

async function benchRouting(): Promise<void> {
  const rules: NotificationRuleInput[] = [
    { name: "owners", events: { type: "github.pull_request.*" }, targets: [{ kind: "owners" }] },
    {
      name: "reviews",
      events: { type: "github.pull_request.review_requested" },
      targets: [{ kind: "owners", roles: ["reviewers"] }],
      priority: "high",
    },
    {
      name: "channel",
      events: { type: "github.pull_request.*", payload: { "repository.full_name": "acme/api" } },
      targets: [{ kind: "channel", platform: "email", channel: "eng@acme.test" }],
    },
  ];
  const people = Array.from({ length: 50 }, (_, index) => ({
    id: `p${index}`,
    github: `user${index}`,
    email: `user${index}@acme.test`,
    timeZone: index % 2 === 0 ? "Europe/Berlin" : "America/Los_Angeles",
    preferences: { channels: ["email"], quietHours: { start: "22:00", end: "07:00" } },
  }));
  const events = createMemoryEventStore();
  const engine = createWorkflowEngine({
    store: createMemoryWorkflowStore(),
    events,
    runtime: createMemoryRuntime(),
    logger: { info() {}, warn() {}, error() {} },
  });
  const router = createNotificationRouter({
    rules,
    people,
    engine,
    events,
    notifiers: [
      {
        platform: "email",
        sendNotification: async () => {
          throw new Error("not sent");
        },
        createInteractiveNotification: async () => {
          throw new Error("not sent");
        },
      },
    ],
  });
  const actions = ["opened", "review_requested", "synchronize", "closed"];
  const stream = Array.from({ length: EVENTS }, (_, index) =>
    correlatedEventSchema.parse({
      id: `event-${index}`,
      type: `github.pull_request.${actions[index % actions.length]}`,
      platform: "github",
      occurredAt: new Date(),
      receivedAt: new Date(),
      subject: { kind: "pull_request", id: `pr-${index}`, key: `acme/api#${index}`, title: "Fix" },
      payload: {
        repository: { full_name: index % 3 === 0 ? "acme/web" : "acme/api" },
        sender: { login: `user${index % 50}` },
        pull_request: {
          user: { login: `user${(index + 1) % 50}` },
          requested_reviewers: [
            { login: `user${(index + 2) % 50}` },
            { login: `user${(index + 3) % 50}` },
          ],
        },
      },
    }),
  );
  const matchers = rules.map((rule) =>
    [rule.events].flat().map((pattern) => compileEventPattern(pattern)),
  );
  let targets = 0;
  const routeTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    let started = performance.now();
    for (const event of stream) targets += (await router.route(event)).length;
    const routeMs = performance.now() - started;
    started = performance.now();
    let matched = 0;
    for (const event of stream)
      for (const list of matchers) if (list.some((matches) => matches(event))) matched += 1;
    const floorMs = performance.now() - started + (matched < 0 ? 1 : 0);
    if (round > 0) {
      routeTimes.push((routeMs * 1000) / EVENTS);
      floorTimes.push((floorMs * 1000) / EVENTS);
    }
  }
  console.log(
    `routing: route() ${median(routeTimes).toFixed(1)} µs per event (${(targets / EVENTS / (ROUNDS + 1)).toFixed(2)} targets each), rule patterns alone ${median(floorTimes).toFixed(2)} µs: ${(median(routeTimes) / median(floorTimes)).toFixed(0)}× the floor (median of ${ROUNDS} rounds of ${EVENTS} events)`,
  );
}

await benchEmail();
await benchRouting();
