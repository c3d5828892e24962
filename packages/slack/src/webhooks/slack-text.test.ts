import { type CorrelatedEvent, createWebhookHandler, MemoryEventStore } from "@contexten/core";
import { MAX_CORRELATION_KEY_BYTES } from "@contexten/core/adapter";
import { describe, expect, it } from "vitest";
import { createSlackWebhookRequest } from "../testing/index";
import message from "./__fixtures__/event-message.json";
import { messageReferences } from "./slack-text";
import { slackWebhooks } from "./slack-webhook-source";

const SECRET = "slack-text-secret";

/** Sends one signed Events API message with `text` through the real handler and store. */
async function deliver(text: string): Promise<{ status: number; events: CorrelatedEvent[] }> {
  const store = new MemoryEventStore();
  const handler = createWebhookHandler({
    sources: slackWebhooks({ signingSecret: SECRET }),
    store,
  });
  const body = JSON.stringify({ ...message, event: { ...message.event, text } });
  const { response } = await handler.process(
    createSlackWebhookRequest(body, "application/json", { signingSecret: SECRET }),
  );
  const { events } = await store.query();
  return { status: response.status, events };
}

describe("Slack messages with hostile text", () => {
  const longUrl = `https://example.com/${"é".repeat(520)}`;

  it("stores a message whose long non-ASCII link would make an over-long key", async () => {
    const { status, events } = await deliver(`Fixes ENG-7, see <${longUrl}|the doc>`);
    expect(status).toBe(200);
    const keys = events[0]!.refs.map((ref) => ref.key);
    expect(keys[0]).toBe("linear:issue:ENG-7");
    expect(keys[1]).toMatch(/^url:https:\/\/example\.com\/%C3%A9.*~[0-9a-f]{32}$/);
    expect(Buffer.byteLength(keys[1]!)).toBeLessThanOrEqual(MAX_CORRELATION_KEY_BYTES);
  });

  it.each([
    ["'sha' and spaces", `sha${" ".repeat(39_990)}z`],
    ["a URL and dots", `<https://a.test/x${".".repeat(39_980)}a>`],
    ["a closing word and a long gap", `Fixes ENG-1 ,${" ".repeat(39_980)}x ENG-2`],
    ["thousands of links", "<https://a.test/x|y> ".repeat(1_900)],
  ])("acknowledges a 40,000-character message of %s and keeps its references", async (_n, text) => {
    const { status, events } = await deliver(text);
    expect(status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("reads references from attachments too, each key once", () => {
    const refs = messageReferences({
      type: "message",
      text: `see <${longUrl}>`,
      attachments: [{ title_link: longUrl, text: "Fixes ENG-9" }],
    } as never);
    expect(refs.map((ref) => ref.key.slice(0, 20))).toEqual([
      "url:https://example.",
      "linear:issue:ENG-9",
    ]);
  });
});
