import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
// The GitHub adapter's own loader of the examples and its list of normalized events.
import {
  NORMALIZED_EVENTS,
  webhookExamples,
} from "../../../packages/github/src/__fixtures__/webhook-examples";
import type { Platform } from "./receiver";

/** How a fixture travels on the wire. */
export type FixtureEncoding =
  /** The payload is the JSON body (GitHub, Linear, Slack Events API). */
  | "json"
  /** Slack interactivity: `payload=<JSON>`, form-encoded. */
  | "slack-interaction"
  /** Slack slash command: the payload's fields, form-encoded. */
  | "slack-command";

/** One real payload, as the platform documents or sends it. */
export interface PayloadFixture {
  /** Platform that sends it. */
  platform: Platform;
  /** Readable name used in counterexamples, e.g. `github pull_request.opened #0`. */
  name: string;
  /** GitHub's `X-GitHub-Event`; undefined elsewhere. */
  event?: string;
  /** How it is encoded in the request body. */
  encoding: FixtureEncoding;
  /** The payload; treat as read-only (mutations copy along their path). */
  payload: Readonly<Record<string, unknown>>;
}

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

function readJsonDirectory(directory: string): [string, Record<string, unknown>][] {
  const absolute = `${repositoryRoot}${directory}`;
  return readdirSync(absolute)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => [
      file.slice(0, -".json".length),
      JSON.parse(readFileSync(`${absolute}/${file}`, "utf8")) as Record<string, unknown>,
    ]);
}

/**
 * GitHub's published example payloads (`@octokit/webhooks-examples`, the same set the
 * GitHub adapter's tests use): every event and every example. `ping` is included; it is
 * answered without storing anything.
 */
export const GITHUB_FIXTURES: readonly PayloadFixture[] = webhookExamples().flatMap((group) =>
  group.examples.map((payload, index) => ({
    platform: "github" as const,
    name: `github ${group.name}${typeof payload.action === "string" ? `.${payload.action}` : ""} #${index}`,
    event: group.name,
    encoding: "json" as const,
    payload,
  })),
);

/** The GitHub events the adapter normalizes field by field (the rest get a generic event). */
export const NORMALIZED_GITHUB_EVENTS: ReadonlySet<string> = new Set(NORMALIZED_EVENTS);

function slackEncoding(name: string): FixtureEncoding {
  if (name.startsWith("interaction-")) return "slack-interaction";
  if (name === "slash-command") return "slack-command";
  return "json";
}

/** The Slack adapter's request fixtures (Events API, interactivity, slash command). */
export const SLACK_FIXTURES: readonly PayloadFixture[] = readJsonDirectory(
  "packages/slack/src/webhooks/__fixtures__",
).map(([name, payload]) => ({
  platform: "slack",
  name: `slack ${name}`,
  encoding: slackEncoding(name),
  payload,
}));

/** The Linear adapter's webhook fixtures (issues, comments, attachments, SLA, …). */
export const LINEAR_FIXTURES: readonly PayloadFixture[] = readJsonDirectory(
  "packages/linear/src/webhooks/__fixtures__",
).map(([name, payload]) => ({
  platform: "linear",
  name: `linear ${name}`,
  encoding: "json",
  payload,
}));

/** Every fixture of every platform. */
export const ALL_FIXTURES: readonly PayloadFixture[] = [
  ...GITHUB_FIXTURES,
  ...SLACK_FIXTURES,
  ...LINEAR_FIXTURES,
];

/** The fixture with this exact name; throws when the fixture set changed. */
export function fixtureNamed(name: string): PayloadFixture {
  const found = ALL_FIXTURES.find((fixture) => fixture.name === name);
  if (!found) throw new Error(`no payload fixture named ${JSON.stringify(name)}`);
  return found;
}
