import { WebhookVerificationError } from "@contexten/core";
import { describe, expect, it } from "vitest";
import { verifySlackRequest } from "./slack-signature";

// Slack's published test vector (docs "Verifying requests from Slack").
const VECTOR = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: "1531420618",
  body: "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
};
const VECTOR_NOW = Number(VECTOR.timestamp) * 1000;

function request(headers: Record<string, string>, body = VECTOR.body) {
  return { headers: new Headers(headers), rawBody: new TextEncoder().encode(body) };
}

function reasonOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!WebhookVerificationError.isInstance(error)) throw error;
    return error.reason;
  }
}

const signed = {
  "x-slack-request-timestamp": VECTOR.timestamp,
  "x-slack-signature": VECTOR.signature,
};

describe("Slack request signatures", () => {
  it("verifies the published test vector", () => {
    expect(() =>
      verifySlackRequest(request(signed), { secrets: [VECTOR.secret], nowMs: VECTOR_NOW }),
    ).not.toThrow();
  });

  it("accepts any of several secrets (rotation)", () => {
    expect(() =>
      verifySlackRequest(request(signed), {
        secrets: ["the-new-secret", VECTOR.secret],
        nowMs: VECTOR_NOW + 299_000,
      }),
    ).not.toThrow();
  });

  it("refuses a timestamp more than five minutes away, either way", () => {
    const options = { secrets: [VECTOR.secret] };
    expect(
      reasonOf(() =>
        verifySlackRequest(request(signed), { ...options, nowMs: VECTOR_NOW + 301_000 }),
      ),
    ).toBe("stale_timestamp");
    expect(
      reasonOf(() =>
        verifySlackRequest(request(signed), { ...options, nowMs: VECTOR_NOW - 301_000 }),
      ),
    ).toBe("stale_timestamp");
    expect(
      reasonOf(() =>
        verifySlackRequest(request(signed), {
          ...options,
          nowMs: VECTOR_NOW + 61_000,
          toleranceMs: 60_000,
        }),
      ),
    ).toBe("stale_timestamp");
  });

  it("refuses a wrong signature, a tampered body and a wrong secret", () => {
    const now = { nowMs: VECTOR_NOW };
    const wrong = { ...signed, "x-slack-signature": `v0=${"0".repeat(64)}` };
    expect(
      reasonOf(() => verifySlackRequest(request(wrong), { secrets: [VECTOR.secret], ...now })),
    ).toBe("invalid_signature");
    expect(
      reasonOf(() =>
        verifySlackRequest(request(signed, VECTOR.body.replace("roadrunner", "coyote")), {
          secrets: [VECTOR.secret],
          ...now,
        }),
      ),
    ).toBe("invalid_signature");
    expect(
      reasonOf(() => verifySlackRequest(request(signed), { secrets: ["other"], ...now })),
    ).toBe("invalid_signature");
  });

  it("refuses missing or unreadable headers", () => {
    const options = { secrets: [VECTOR.secret], nowMs: VECTOR_NOW };
    expect(
      reasonOf(() =>
        verifySlackRequest(request({ "x-slack-request-timestamp": VECTOR.timestamp }), options),
      ),
    ).toBe("missing_signature");
    expect(
      reasonOf(() =>
        verifySlackRequest(request({ "x-slack-signature": VECTOR.signature }), options),
      ),
    ).toBe("missing_timestamp");
    expect(
      reasonOf(() =>
        verifySlackRequest(request({ ...signed, "x-slack-request-timestamp": "soon" }), options),
      ),
    ).toBe("missing_timestamp");
  });
});
