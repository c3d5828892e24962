import { TEST_REQUEST_INFO, testOutgoingRequest, testResponse } from "@contexten/core/testing";
import { describe, expect, it } from "vitest";
import { classifyLinearResponse, resolveLinearRequest } from "./linear-request-rules";

const NOW = Date.UTC(2030, 0, 1);
const request = TEST_REQUEST_INFO;
const response = testResponse;
const outgoing = testOutgoingRequest;

describe("Linear's response classifier", () => {
  it("RATELIMITED waits for the reset of the exhausted budget", () => {
    const body = {
      errors: [{ message: "Rate limit exceeded", extensions: { code: "RATELIMITED" } }],
    };
    const headers = {
      "x-ratelimit-requests-remaining": "10",
      "x-ratelimit-requests-reset": `${NOW + 5_000}`,
      "x-ratelimit-complexity-remaining": "0",
      "x-ratelimit-complexity-reset": `${NOW + 45_000}`,
    };
    expect(classifyLinearResponse(response(400, headers, body), request, NOW)).toEqual({
      outcome: "rate-limited",
      retryAfterMs: 45_000,
      platformCode: "RATELIMITED",
    });
    expect(
      classifyLinearResponse(
        response(400, {}, { errors: [{ message: "Argument Validation Error" }] }),
        request,
        NOW,
      ),
    ).toEqual({
      outcome: "fatal",
    });
    expect(classifyLinearResponse(response(200, {}, '{"data":{}}'), request, NOW)).toEqual({
      outcome: "success",
    });
  });
});

describe("Linear's request resolver", () => {
  it("mutations are writes; the complexity estimate is configurable", () => {
    const mutation = outgoing(
      "POST",
      "https://api.linear.app/graphql",
      JSON.stringify({
        query:
          "mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success } }",
      }),
    );
    expect(resolveLinearRequest(mutation)).toEqual({
      resource: "graphql",
      cost: 100,
      kind: "write",
      idempotent: false,
      cacheKey: false,
      endpoint: "graphql IssueCreate",
    });
    const query = outgoing(
      "POST",
      "https://api.linear.app/graphql",
      JSON.stringify({ query: "query { viewer { id } }", operationName: "Me" }),
    );
    expect(resolveLinearRequest(query, { complexityEstimate: 5 })).toMatchObject({
      cost: 5,
      kind: "read",
      endpoint: "graphql Me",
    });
  });
});
