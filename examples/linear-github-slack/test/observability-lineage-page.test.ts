import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSlackEventRequest } from "@contexten/slack/testing";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSystemTools } from "../../../scripts/ensure-system-tools.mjs";
import {
  DEMO_CHANNEL,
  DEMO_SECRETS,
  type DemoEnvironment,
  startDemoEnvironment,
} from "../src/demo/demo-environment";
import { replayScenario } from "../src/demo/replay-scenario";
import { createDemoScenario } from "../src/demo/scenario";

/** Screenshots land here (git-ignored); one is copied next to the lineage page's README. */
const ARTIFACTS = fileURLToPath(new URL("../../../artifacts/lineage-page/", import.meta.url));

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

interface GraphView {
  nodes: Array<{ id: string; kind: string; platform: string; label: string }>;
  edges: Array<{
    source: string;
    target: string;
    rule: string;
    strength: number;
    evidence: string[];
  }>;
}

async function renderedGraph(page: Page): Promise<GraphView> {
  // Expressions run in the page, as strings: this project is typed for Node, not the DOM.
  return (await page.evaluate("window.__lineage")) as GraphView;
}

describe("the lineage page in headless Chromium", () => {
  let environment: DemoEnvironment;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    const { chromium: executablePath } = ensureSystemTools(["chromium"]);
    environment = await startDemoEnvironment();
    await replayScenario(environment, createDemoScenario());
    profile = await mkdtemp(join(tmpdir(), "contexten-chromium-"));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1400, height: 900 },
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await environment?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it("shows ENG-123's PR, branch, CI run and Slack messages, and a new webhook without reload", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    const outside: string[] = [];
    // Everything the page loads comes from the service itself: no CDN, works offline.
    page.on("request", (request) => {
      if (!request.url().startsWith(environment.baseUrl)) outside.push(request.url());
    });
    await page.goto(`${environment.baseUrl}/lineage/`);
    await page.waitForSelector('#live[data-state="open"]');
    await page.fill("#search", "ENG-123");
    await page.click('button[type="submit"]');
    await page.waitForFunction(
      'Number(document.getElementById("graph").getAttribute("data-node-count")) > 0',
    );

    const graph = await renderedGraph(page);
    const kinds = graph.nodes.map((node) => `${node.platform} ${node.kind}`);
    expect(kinds).toContain("linear issue");
    expect(kinds).toContain("github pull_request");
    expect(kinds).toContain("github branch");
    expect(kinds).toContain("github check_run");
    expect(kinds.filter((kind) => kind === "slack message")).toHaveLength(2);
    const rules = graph.edges.map((edge) => edge.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        "linear_issue_to_github_pr",
        "github_pr_to_ci_run",
        "github_pr_to_slack_message",
      ]),
    );
    for (const edge of graph.edges) {
      expect(edge.strength).toBeGreaterThan(0);
      expect(graph.nodes.some((node) => node.id === edge.source)).toBe(true);
      expect(graph.nodes.some((node) => node.id === edge.target)).toBe(true);
    }
    // The drawing has them too: cytoscape's canvas holds as many nodes and edges.
    expect(await page.getAttribute("#graph", "data-edge-count")).toBe(String(graph.edges.length));
    expect(await page.locator("#graph canvas").count()).toBeGreaterThan(0);

    // Clicking an object lists its events; clicking an event shows its payload.
    const pullRequest = graph.nodes.find((node) => node.kind === "pull_request")!;
    await page.click(`#node-list li[data-node-id="${pullRequest.id}"] button`);
    await page.click('#details button:text("github.pull_request.opened")');
    await page.waitForFunction(
      `(document.querySelector("#details pre")?.textContent ?? "").includes('"payload"')`,
    );
    await page.screenshot({ path: join(ARTIFACTS, "eng-123.png") });

    // A webhook posted now appears on the open page, without a reload.
    const before = graph.nodes.length;
    const ts = `${Math.floor(Date.now() / 1000)}.000999`;
    const request = createSlackEventRequest({
      signingSecret: DEMO_SECRETS.slack,
      event: {
        type: "message",
        channel: DEMO_CHANNEL.id,
        channel_type: "channel",
        user: "U0GRACE",
        text: "ENG-123 is live in production now.",
        ts,
        event_ts: ts,
      } as Parameters<typeof createSlackEventRequest>[0]["event"],
      url: `${environment.baseUrl}/api/v1/integrations/slack/webhook`,
    });
    const response = await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: await request.arrayBuffer(),
    });
    expect(response.status).toBe(200);
    await environment.service.drain();
    await page.waitForFunction(
      `Number(document.getElementById("graph").getAttribute("data-node-count")) > ${before}`,
    );
    const after = await renderedGraph(page);
    expect(after.nodes.filter((node) => node.kind === "message")).toHaveLength(3);
    expect(after.nodes.some((node) => node.label.includes("ENG-123 is live"))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "eng-123-live.png") });
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);
});
