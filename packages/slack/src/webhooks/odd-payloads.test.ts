import { readdirSync, readFileSync } from "node:fs";
import {
  type Clock,
  createWebhookHandler,
  MemoryEventStore,
  systemClock,
  type WebhookRequest,
} from "@contexten/core";
import {
  HUGE_STRING,
  oddPayloadJson,
  oddPayloadVariants,
  recordPayloadReads,
  withValueAt,
} from "@contexten/core/testing";
import { deliverOddPayloads } from "@contexten/core/testing/conformance";
import { describe, expect, it } from "vitest";
import { createSlackWebhookRequest } from "../testing/slack-webhook-request";
import { SLACK_WEBHOOK_HEADERS } from "./slack-webhook-headers";
import { slackWebhooks } from "./slack-webhook-source";

const SECRET = "odd-payload-secret";
const NOW_SECONDS = 1_900_000_000;
const clock: Clock = { ...systemClock, now: () => NOW_SECONDS * 1000 };
const source = slackWebhooks({ signingSecret: SECRET, clock });
const request = {
  headers: new Headers({ [SLACK_WEBHOOK_HEADERS.timestamp]: String(NOW_SECONDS) }),
  receivedAt: new Date(NOW_SECONDS * 1000),
} as unknown as WebhookRequest;

type Kind = "event" | "interaction" | "command";

interface Fixture {
  file: string;
  kind: Kind;
  payload: Record<string, unknown>;
  /** Fields whose odd values the parser may refuse with 400 (the delivery's envelope). */
  required: readonly string[];
}

const directory = new URL("./__fixtures__/", import.meta.url);
const fixtures: Fixture[] = readdirSync(directory)
  .filter((file) => file.endsWith(".json") && file !== "url-verification.json")
  .map((file) => {
    const payload = JSON.parse(readFileSync(new URL(file, directory), "utf8")) as Record<
      string,
      unknown
    >;
    if (payload.type === "event_callback") {
      return {
        file,
        kind: "event",
        payload,
        required: ["type", "event", "event_id", "event.type"],
      };
    }
    if (typeof payload.command === "string") {
      return {
        file,
        kind: "command",
        payload,
        required: ["command", "user_id", "channel_id", "team_id"],
      };
    }
    return { file, kind: "interaction", payload, required: ["type"] };
  });

/** How the source's normalize receives each kind (the parsed delivery body). */
function normalize(kind: Kind, payload: Record<string, unknown>) {
  const body =
    kind === "event"
      ? { kind, envelope: payload, retryNum: 0 }
      : kind === "command"
        ? { kind, command: payload }
        : { kind, interaction: payload };
  return source.normalize({ kind: "delivery", deliveryId: "d", eventName: kind, body } as never, {
    request,
  });
}

/** A form field holds text: strings as they are, anything else as its JSON; null leaves it out. */
function formOf(payload: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    form.set(name, typeof value === "string" ? value : oddPayloadJson(value));
  }
  return form.toString();
}

function signedRequest(kind: Kind, payload: Record<string, unknown>): Request {
  const options = { signingSecret: SECRET, timestamp: NOW_SECONDS };
  if (kind === "event") {
    return createSlackWebhookRequest(oddPayloadJson(payload), "application/json", options);
  }
  const body =
    kind === "command"
      ? formOf(payload)
      : new URLSearchParams({ payload: oddPayloadJson(payload) }).toString();
  return createSlackWebhookRequest(body, "application/x-www-form-urlencoded", options);
}

describe("Slack: every fixture, each field the normalizer reads set to another type", () => {
  it("finds the fixtures of every kind", () => {
    expect(new Set(fixtures.map((fixture) => fixture.kind))).toEqual(
      new Set(["event", "interaction", "command"]),
    );
  });

  for (const fixture of fixtures) {
    it(`${fixture.file}: every signed variant is stored as a valid event, or refused with 400`, async () => {
      const paths = recordPayloadReads(fixture.payload, (view) => normalize(fixture.kind, view));
      expect(paths.length).toBeGreaterThan(3);
      const store = new MemoryEventStore();
      const idField = fixture.kind === "event" ? "event_id" : "trigger_id";
      const { stored } = await deliverOddPayloads({
        handler: createWebhookHandler({ sources: source, store }),
        store,
        platform: "slack",
        variants: oddPayloadVariants(fixture.payload, paths),
        // Each variant is a delivery of its own (Slack's delivery id is this field).
        request: (variant, index) =>
          signedRequest(
            fixture.kind,
            variant.path.join(".") === idField
              ? variant.payload
              : withValueAt(variant.payload, [idField], `odd-${index}`)!,
          ),
        mayRefuse: (variant) => fixture.required.includes(variant.path.join(".")),
      });
      expect(stored).toBeGreaterThan(paths.length);
    });
  }

  it("refuses a slash command without a leading / without echoing it", async () => {
    const command = fixtures.find((fixture) => fixture.kind === "command")!;
    const typed = `weather ${HUGE_STRING}`;
    const handler = createWebhookHandler({ sources: source, store: new MemoryEventStore() });
    const response = await handler(
      signedRequest("command", { ...command.payload, command: typed }),
    );
    expect(response.status).toBe(400);
    const answer = await response.text();
    expect(answer).toContain('must start with \\"/\\"');
    expect(answer).not.toContain("weather");
  });
});
