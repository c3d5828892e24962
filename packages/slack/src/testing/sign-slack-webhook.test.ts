import { createWebhookHandler, MemoryEventStore } from "@contexten/core";
import { describe, expect, it } from "vitest";
import message from "../webhooks/__fixtures__/event-message.json";
import { slackWebhooks } from "../webhooks/slack-webhook-source";
import { signSlackWebhook } from "./index";

// Slack's published test vector (docs "Verifying requests from Slack").
const VECTOR = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: 1531420618,
  body: "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
};

describe("signSlackWebhook", () => {
  it("signs Slack's published test vector, from text or bytes", () => {
    expect(signSlackWebhook(VECTOR.secret, VECTOR.body, VECTOR.timestamp)).toBe(VECTOR.signature);
    expect(
      signSlackWebhook(VECTOR.secret, new TextEncoder().encode(VECTOR.body), `${VECTOR.timestamp}`),
    ).toBe(VECTOR.signature);
  });

  it("signs a body that the Slack source accepts and stores, and only that body", async () => {
    const secret = "slack-signing-secret-for-tests";
    const store = new MemoryEventStore();
    const handler = createWebhookHandler({
      sources: [slackWebhooks({ signingSecret: secret })],
      store,
    });
    const body = JSON.stringify(message);
    const timestamp = Math.floor(Date.now() / 1000);
    const send = (signedBody: string, sentBody: string) =>
      handler(
        new Request("http://127.0.0.1/slack/events", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-slack-request-timestamp": String(timestamp),
            "x-slack-signature": signSlackWebhook(secret, signedBody, timestamp),
          },
          body: sentBody,
        }),
      );
    expect((await send(body, `${body} `)).status).toBe(401);
    expect((await send(body, body)).status).toBe(200);
    const stored = await store.query({});
    expect(stored.events.map((event) => event.type)).toEqual(["slack.message.sent"]);
  });
});
