import { createGitHubClient } from "@contexten/github";
import {
  type FakeGitHubFile,
  type FakeGitHubServer,
  startFakeGitHubPullRequest,
} from "@contexten/github/testing";
import { afterEach, beforeEach, expect, it } from "vitest";
import { codeownersOwnerSource } from "../src/index";

const CODEOWNERS = `# Everything else
*               @acme/platform @carol
src/auth/**     @alice security@acme.test
docs/**         @bob
src/auth/keys/  @acme/security
`;

// A guide moved from docs/ into src/auth/ (both places count), new keys code, the root's manifest.
const CHANGED_FILES: FakeGitHubFile[] = [
  { filename: "src/auth/session.ts", status: "modified", additions: 2, deletions: 1 },
  {
    filename: "src/auth/SESSIONS.md",
    previousFilename: "docs/sessions.md",
    status: "renamed",
    additions: 0,
    deletions: 0,
  },
  { filename: "src/auth/keys/rotate.ts", status: "added", additions: 9, deletions: 0 },
  { filename: "package.json", status: "modified", additions: 1, deletions: 1 },
];

let github: FakeGitHubServer;
beforeEach(async () => {
  github = await startFakeGitHubPullRequest({
    codeowners: CODEOWNERS,
    pullRequest: {
      number: 7,
      title: "Move the session guide",
      user: "mallory",
      head: { ref: "feature/session", sha: "a".repeat(40) },
      files: CHANGED_FILES,
    },
    otherRepositories: [
      {
        fullName: "acme/web",
        pullRequests: [{ number: 1, title: "No owners", head: { ref: "x" } }],
      },
    ],
  });
});
afterEach(() => github.close());

it("names the code owners of a pull request's changed files, people only, with reasons", async () => {
  const client = createGitHubClient({ token: "test", baseUrl: github.url });
  const source = codeownersOwnerSource({ client });
  const ownersOf = source.owners;
  expect(source.roles).toEqual(["codeowners"]);
  const pull = await client.getPullRequest("acme/api", 7);
  const event = {
    platform: "github",
    payload: { repository: { full_name: "acme/api" }, pull_request: pull },
  };
  expect(await ownersOf(event)).toEqual([
    {
      platform: "github",
      id: "alice",
      role: "codeowners",
      reason:
        "owns `src/auth/**` (.github/CODEOWNERS line 3): src/auth/session.ts, src/auth/SESSIONS.md",
    },
    {
      platform: "email",
      id: "security@acme.test",
      email: "security@acme.test",
      role: "codeowners",
      reason:
        "owns `src/auth/**` (.github/CODEOWNERS line 3): src/auth/session.ts, src/auth/SESSIONS.md",
    },
    {
      platform: "github",
      id: "bob",
      role: "codeowners",
      reason: "owns `docs/**` (.github/CODEOWNERS line 4): docs/sessions.md",
    },
    {
      platform: "github",
      id: "carol",
      role: "codeowners",
      reason: "owns `*` (.github/CODEOWNERS line 2): package.json",
    },
  ]);

  // The same head commit again: remembered, nothing read.
  const before = github.requests.length;
  expect((await ownersOf(event)).map((owner) => owner.id)).toEqual([
    "alice",
    "security@acme.test",
    "bob",
    "carol",
  ]);
  expect(github.requests.length).toBe(before);
});

it("reads the pull request when the payload has no base, and answers none without CODEOWNERS or a pull request", async () => {
  const client = createGitHubClient({ token: "test", baseUrl: github.url });
  const ownersOf = codeownersOwnerSource({ client }).owners;
  const bare = {
    platform: "github",
    payload: { repository: { full_name: "acme/api" }, pull_request: { number: 7 } },
  };
  expect((await ownersOf(bare)).map((owner) => owner.id)).toEqual([
    "alice",
    "security@acme.test",
    "bob",
    "carol",
  ]);
  expect(
    github.requests.some(
      (request) => request.method === "GET" && request.path === "/repos/acme/api/pulls/7",
    ),
  ).toBe(true);
  const noCodeowners = {
    platform: "github",
    payload: { repository: { full_name: "acme/web" }, pull_request: { number: 1 } },
  };
  expect(await ownersOf(noCodeowners)).toEqual([]);
  expect(await ownersOf({ platform: "github", payload: { issue: { number: 3 } } })).toEqual([]);
  expect(await ownersOf({ platform: "linear", payload: { data: {} } })).toEqual([]);
});
