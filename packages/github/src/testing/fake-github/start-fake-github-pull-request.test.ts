import { afterEach, expect, it } from "vitest";
import { type FakeGitHubServer, startFakeGitHubPullRequest } from "../index";

let github: FakeGitHubServer | undefined;
afterEach(() => github?.close());

const read = async (path: string, ref: string) => {
  const response = await fetch(`${github!.url}/repos/acme/api/contents/${path}?ref=${ref}`, {
    headers: { authorization: "token t" },
  });
  if (response.status !== 200) return response.status;
  const { content } = (await response.json()) as { content: string };
  return Buffer.from(content, "base64").toString("utf8");
};

it("puts CODEOWNERS on both branches, the files on each, and the pull request between them", async () => {
  github = await startFakeGitHubPullRequest({
    codeowners: "*  @acme/platform\n",
    baseFiles: { "src/a.ts": "base\n" },
    headFiles: { "src/a.ts": "head\n" },
    pullRequest: {
      number: 4,
      title: "Change a",
      head: { ref: "feature/a" },
      files: [{ filename: "src/a.ts", status: "modified", additions: 1, deletions: 1 }],
    },
    more: { pullRequests: [{ number: 5, title: "Other", head: { ref: "other" } }] },
    otherRepositories: [{ fullName: "acme/web" }],
  });
  expect(await read(".github/CODEOWNERS", "main")).toBe("*  @acme/platform\n");
  expect(await read(".github/CODEOWNERS", "feature/a")).toBe("*  @acme/platform\n");
  expect(await read("src/a.ts", "main")).toBe("base\n");
  expect(await read("src/a.ts", "feature/a")).toBe("head\n");
  const repository = github.state.requireRepository("acme/api");
  expect([...repository.pullRequests.keys()]).toEqual([4, 5]);
  expect(repository.pullRequests.get(4)).toMatchObject({
    title: "Change a",
    head: { ref: "feature/a" },
    base: { ref: "main" },
  });
  expect(github.state.requireRepository("acme/web").fullName).toBe("acme/web");
  expect(github.rateLimitWindows.size).toBe(0);
});

it("keeps the rate limits the server options ask for, and a CODEOWNERS path of your choice", async () => {
  github = await startFakeGitHubPullRequest({
    codeowners: "*  @carol\n",
    codeownersPath: "docs/CODEOWNERS",
    pullRequest: { title: "Docs", head: { ref: "docs" } },
    server: { rateLimit: { limit: 10 } },
  });
  expect(await read("docs/CODEOWNERS", "docs")).toBe("*  @carol\n");
  expect(await read(".github/CODEOWNERS", "main")).toBe(404);
  expect(github.rateLimitWindows.get("core")?.used).toBe(2);
});
