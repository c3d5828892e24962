import { TEST_REQUEST_INFO, testOutgoingRequest, testResponse } from "@contexten/core/testing";
import { describe, expect, it } from "vitest";
import { classifyGitHubResponse, resolveGitHubRequest } from "./github-request-rules";

const NOW = Date.UTC(2030, 0, 1);
const request = TEST_REQUEST_INFO;
const response = testResponse;
const outgoing = testOutgoingRequest;

describe("GitHub's response classifier", () => {
  it("secondary-limit and primary-limit 403s are rate limits; a permission 403 is not", () => {
    expect(classifyGitHubResponse(response(403, { "retry-after": "30" }), request, NOW)).toEqual({
      outcome: "rate-limited",
      retryAfterMs: 30_000,
    });
    const reset = `${NOW / 1000 + 120}`;
    expect(
      classifyGitHubResponse(
        response(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }),
        request,
        NOW,
      ),
    ).toEqual({ outcome: "rate-limited", retryAfterMs: 120_000 });
    expect(
      classifyGitHubResponse(
        response(403, {}, JSON.stringify({ message: "You have exceeded a secondary rate limit." })),
        request,
        NOW,
      ),
    ).toEqual({ outcome: "rate-limited", retryAfterMs: 60_000 });
    expect(
      classifyGitHubResponse(
        response(
          403,
          { "x-ratelimit-remaining": "4000" },
          { message: "Resource not accessible by integration" },
        ),
        request,
        NOW,
      ),
    ).toEqual({ outcome: "fatal" });
  });
});

describe("GitHub's request resolver", () => {
  it("resources, content creation, mutations and Enterprise prefixes", () => {
    expect(
      resolveGitHubRequest(outgoing("GET", "https://api.github.com/repos/a/b/pulls/1")),
    ).toEqual({
      resource: "core",
      kind: "read",
      endpoint: "GET /repos/a/b/pulls/1",
    });
    expect(
      resolveGitHubRequest(outgoing("POST", "https://api.github.com/repos/a/b/issues")).kind,
    ).toBe("create");
    expect(
      resolveGitHubRequest(outgoing("POST", "https://api.github.com/repos/a/b/issues/3/comments"))
        .kind,
    ).toBe("create");
    expect(
      resolveGitHubRequest(outgoing("PATCH", "https://api.github.com/repos/a/b/issues/3")).kind,
    ).toBe("write");
    expect(
      resolveGitHubRequest(outgoing("GET", "https://api.github.com/search/issues?q=x")).resource,
    ).toBe("search");
    expect(
      resolveGitHubRequest(outgoing("GET", "https://api.github.com/search/code?q=x")).resource,
    ).toBe("code_search");
    expect(
      resolveGitHubRequest(outgoing("GET", "https://ghe.acme.dev/api/v3/repos/a/b")).endpoint,
    ).toBe("GET /repos/a/b");
    const mutation = resolveGitHubRequest(
      outgoing(
        "POST",
        "https://ghe.acme.dev/api/graphql",
        JSON.stringify({ query: "mutation AddComment { x }" }),
      ),
    );
    expect(mutation).toMatchObject({
      resource: "graphql",
      kind: "write",
      idempotent: false,
      endpoint: "graphql AddComment",
    });
    const query = resolveGitHubRequest(
      outgoing(
        "POST",
        "https://api.github.com/graphql",
        JSON.stringify({ query: "{ viewer { login } }" }),
      ),
    );
    expect(query).toMatchObject({ resource: "graphql", kind: "read", idempotent: true });
  });
});
