// Runs beside the consumer projects, which installed contexten from the packed tarballs
// with plain npm (no vitest). `node smoke.mjs <config.json>` starts each server the config
// lists (in the project directory it names), posts one signed GitHub and one signed Slack
// webhook (signed with the packages' own ./testing helpers), then checks through SQL that
// both were stored and correlated into one group, and that the server's lineage route
// serves the link. Each server gets its own schema, dropped afterwards.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createGitHubWebhookRequest } from "@contexten/github/testing";
import { createSlackEventRequest } from "@contexten/slack/testing";
import pg from "pg";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const GITHUB_SECRET = "consumer-smoke-github-secret";
const SLACK_SECRET = "consumer-smoke-slack-secret";
const PULL_REQUEST_URL = "https://github.com/Codertocat/Hello-World/pull/2";
const SERVER_START_ATTEMPTS = 300;
const CORRELATION_ATTEMPTS = 300;
const POLL_INTERVAL_MS = 50;

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * GitHub's published `pull_request.opened` example with its timestamps moved to now:
 * events older than the correlation retention window (30 days) are stored but never
 * correlated, and the example dates from 2019.
 */
function pullRequestOpened() {
  const now = JSON.stringify(new Date().toISOString().replace(/\.\d+Z$/, "Z"));
  const text = readFileSync(
    new URL("./fixtures/pull-request-opened.json", import.meta.url),
    "utf8",
  );
  return JSON.parse(text.replace(/"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/g, now));
}

function startServer(target, env) {
  const child = spawn(process.execPath, target.args, {
    cwd: config.directory,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = [];
  child.stdout.on("data", (chunk) => output.push(chunk));
  child.stderr.on("data", (chunk) => output.push(chunk));
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => Buffer.concat(output).toString("utf8") };
}

async function waitUntilListening(base, server) {
  let exitCode;
  server.exited.then((code) => {
    exitCode = code ?? "signal";
  });
  for (let attempt = 0; attempt < SERVER_START_ATTEMPTS; attempt++) {
    if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}) before listening`);
    try {
      await fetch(`${base}/`, { method: "HEAD" });
      return;
    } catch {
      await pause(POLL_INTERVAL_MS);
    }
  }
  throw new Error("the server did not listen");
}

async function expectAccepted(label, request) {
  const response = await fetch(request);
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${label} webhook: HTTP ${response.status} ${body}`);
}

async function storedEvents(db, schema) {
  const { rows } = await db.query(
    `SELECT id, platform, correlation_id FROM "${schema}".events ORDER BY platform`,
  );
  return rows;
}

/**
 * Polls until correlation (which runs after the ack) has put both events in one group in
 * the database and the lineage route serves the link between them; returns the link.
 */
async function correlated(db, schema, base, githubId, slackId) {
  let last = "";
  for (let attempt = 0; attempt < CORRELATION_ATTEMPTS; attempt++) {
    const groups = new Set((await storedEvents(db, schema)).map((event) => event.correlation_id));
    const response = await fetch(`${base}/lineage/${encodeURIComponent(githubId)}`);
    const text = await response.text();
    last = `correlation ids ${[...groups].join(", ")}; lineage HTTP ${response.status} ${text}`;
    if (response.status === 200 && groups.size === 1 && !groups.has(null)) {
      const lineage = JSON.parse(text);
      if (lineage.rootEvent?.id !== githubId) throw new Error(`lineage root is not ${githubId}`);
      const link = lineage.links?.find(
        (candidate) => candidate.sourceEventId === githubId && candidate.targetEventId === slackId,
      );
      if (link && lineage.relatedEvents.some((event) => event.id === slackId)) return link;
    }
    await pause(POLL_INTERVAL_MS);
  }
  throw new Error(`the GitHub and Slack events were never correlated and served: ${last}`);
}

async function exercise(target, db) {
  const started = performance.now();
  const schema = `${config.schemaPrefix}_${target.name}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(target, {
    PORT: String(port),
    DATABASE_URL: config.databaseUrl,
    CONTEXTEN_SCHEMA: schema,
    GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
  });
  try {
    await waitUntilListening(base, server);
    await expectAccepted(
      "GitHub",
      await createGitHubWebhookRequest({
        secret: GITHUB_SECRET,
        event: "pull_request",
        payload: pullRequestOpened(),
        url: `${base}/webhooks`,
      }),
    );
    await expectAccepted(
      "Slack",
      createSlackEventRequest({
        signingSecret: SLACK_SECRET,
        url: `${base}/webhooks`,
        event: {
          type: "message",
          channel: "C0SMOKE01",
          user: "U0SMOKE01",
          text: `Could someone review ${PULL_REQUEST_URL} today?`,
          ts: `${Math.floor(Date.now() / 1000)}.000100`,
        },
      }),
    );
    const events = await storedEvents(db, schema);
    const github = events.find((event) => event.platform === "github");
    const slack = events.find((event) => event.platform === "slack");
    if (events.length !== 2 || !github || !slack) {
      throw new Error(
        `expected one GitHub and one Slack event stored, found ${JSON.stringify(events)}`,
      );
    }
    const link = await correlated(db, schema, base, github.id, slack.id);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return `${target.name}: 2 events stored, correlated by ${link.rule} (${link.strength.toFixed(2)}), lineage served (${seconds} s)`;
  } catch (error) {
    throw new Error(`${target.name}: ${error.message}\n--- server output ---\n${server.output()}`);
  } finally {
    server.child.kill();
    await server.exited;
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }
}

const db = new pg.Client({ connectionString: config.databaseUrl });
await db.connect();
let failed = false;
try {
  for (const target of config.targets) {
    try {
      console.log(`  ✓ ${await exercise(target, db)}`);
    } catch (error) {
      failed = true;
      console.log(`  ✖ ${error.message}`);
    }
  }
} finally {
  await db.end();
}
process.exit(failed ? 1 : 0);
