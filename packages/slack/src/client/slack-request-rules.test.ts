import { TEST_REQUEST_INFO, testOutgoingRequest, testResponse } from "@contexten/core/testing";
import { describe, expect, it } from "vitest";
import { classifySlackResponse, resolveSlackRequest } from "./slack-request-rules";

const NOW = Date.UTC(2030, 0, 1);
const request = TEST_REQUEST_INFO;
const response = testResponse;
const outgoing = testOutgoingRequest;

describe("Slack's response classifier", () => {
  it("429 and ok:false ratelimited are rate limits; other ok:false answers are the SDK's", () => {
    expect(
      classifySlackResponse(response(429, { "retry-after": "3" }), request, NOW),
    ).toMatchObject({
      outcome: "rate-limited",
      retryAfterMs: 3_000,
    });
    expect(
      classifySlackResponse(response(200, {}, '{"ok":false,"error":"ratelimited"}'), request, NOW),
    ).toMatchObject({
      outcome: "rate-limited",
      platformCode: "ratelimited",
    });
    expect(
      classifySlackResponse(
        response(200, {}, '{"ok":false,"error":"channel_not_found"}'),
        request,
        NOW,
      ),
    ).toEqual({
      outcome: "success",
    });
  });
});

describe("Slack's request resolver", () => {
  it("posting is paced per channel from form or JSON bodies; reads are idempotent", () => {
    const form = outgoing(
      "POST",
      "https://slack.com/api/chat.postMessage",
      "channel=C123&text=hi",
      "application/x-www-form-urlencoded",
    );
    expect(resolveSlackRequest(form)).toEqual({
      resource: "chat.postMessage:C123",
      kind: "create",
      idempotent: false,
      cacheKey: false,
      endpoint: "chat.postMessage",
    });
    const json = outgoing(
      "POST",
      "https://slack.com/api/chat.postMessage",
      '{"channel":"C9","text":"hi"}',
      "application/json",
    );
    expect(resolveSlackRequest(json).resource).toBe("chat.postMessage:C9");
    expect(
      resolveSlackRequest({ ...json, body: new URLSearchParams({ channel: "C7" }) }).resource,
    ).toBe("chat.postMessage:C7");
    expect(
      resolveSlackRequest(outgoing("POST", "https://slack.com/api/users.info", "user=U1")),
    ).toMatchObject({
      resource: "users.info",
      kind: "read",
      idempotent: true,
    });
    expect(
      resolveSlackRequest(outgoing("POST", "https://slack.com/api/chat.update", "channel=C1&ts=1")),
    ).toMatchObject({
      resource: "chat.update",
      kind: "write",
    });
  });
});
