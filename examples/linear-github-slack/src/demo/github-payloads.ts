import { createRequire } from "node:module";

/**
 * GitHub webhook payloads for the demo, made from GitHub's own published examples
 * (`@octokit/webhooks-examples`): the example repository, user, PR number and head sha are
 * rewritten to the demo's (`acme/api`, `#42`, …) and timestamps moved to the scenario's
 * clock, so every other field is exactly what GitHub sends.
 */

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[];

const EXAMPLE_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const ISO_TIMESTAMP = /"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)"/g;

/** The people and objects of the story. */
export interface StoryCast {
  /** `owner/name` of the repository. */
  repository: string;
  /** PR number. */
  number: number;
  /** Author of the branch and PR. */
  author: string;
  /** Reviewer who approves. */
  reviewer: string;
  /** Who merges. */
  merger: string;
  /** Head branch. */
  branch: string;
  /** Head commit sha. */
  headSha: string;
  /** Merge commit sha. */
  mergeSha: string;
}

function example(
  event: string,
  match: (payload: Record<string, unknown>) => boolean,
): Record<string, unknown> {
  const group = examples.find((candidate) => candidate.name === event);
  const found = group?.examples.find(match);
  if (!found) throw new Error(`@octokit/webhooks-examples has no matching ${event} example`);
  return found;
}

/** Clones a published example into the story: names, numbers, sha and time rewritten. */
function retell(
  payload: Record<string, unknown>,
  cast: StoryCast,
  at: Date,
): Record<string, unknown> {
  const [owner, name] = cast.repository.split("/") as [string, string];
  const text = JSON.stringify(payload)
    .replaceAll("Codertocat/Hello-World", cast.repository)
    .replaceAll("Hello-World", name)
    .replaceAll("Codertocat", owner)
    .replaceAll(/\/(pulls|pull|issues)\/2\b/g, `/$1/${cast.number}`)
    .replaceAll(EXAMPLE_SHA, cast.headSha)
    .replace(ISO_TIMESTAMP, JSON.stringify(at.toISOString().replace(/\.\d+Z$/, "Z")));
  return JSON.parse(text) as Record<string, unknown>;
}

function user(login: string): Record<string, unknown> {
  return {
    login,
    id: login.length * 1000 + 7,
    type: "User",
    html_url: `https://github.com/${login}`,
  };
}

function pullRequestFields(cast: StoryCast, title: string, body: string) {
  return { number: cast.number, title, body, user: user(cast.author) };
}

/** `pull_request` `opened`. */
export function pullRequestOpened(cast: StoryCast, at: Date, title: string, body: string) {
  const payload = retell(
    example("pull_request", (p) => p.action === "opened"),
    cast,
    at,
  );
  const pullRequest = payload.pull_request as Record<string, unknown>;
  Object.assign(pullRequest, pullRequestFields(cast, title, body), { draft: false });
  Object.assign(pullRequest.head as object, {
    ref: cast.branch,
    sha: cast.headSha,
    label: `${cast.author}:${cast.branch}`,
  });
  Object.assign(pullRequest.base as object, { ref: "main" });
  Object.assign(payload, { number: cast.number, sender: user(cast.author) });
  return payload;
}

/** `pull_request` `closed` with `merged: true`. */
export function pullRequestMerged(cast: StoryCast, at: Date, title: string, body: string) {
  const payload = pullRequestOpened(cast, at, title, body);
  payload.action = "closed";
  Object.assign(payload.pull_request as object, {
    state: "closed",
    merged: true,
    merged_by: user(cast.merger),
    merged_at: at.toISOString(),
    closed_at: at.toISOString(),
    merge_commit_sha: cast.mergeSha,
  });
  payload.sender = user(cast.merger);
  return payload;
}

/** `create` of a branch. */
export function branchCreated(cast: StoryCast, at: Date) {
  const payload = retell(
    example("create", () => true),
    cast,
    at,
  );
  Object.assign(payload, {
    ref: cast.branch,
    ref_type: "branch",
    master_branch: "main",
    sender: user(cast.author),
  });
  return payload;
}

/** `push` of one commit to the branch. */
export function branchPushed(cast: StoryCast, at: Date, message: string) {
  const payload = retell(
    example("push", () => true),
    cast,
    at,
  );
  const commit = {
    id: cast.headSha,
    tree_id: cast.mergeSha,
    distinct: true,
    message,
    timestamp: at.toISOString(),
    url: `https://github.com/${cast.repository}/commit/${cast.headSha}`,
    author: { name: cast.author, email: `${cast.author}@example.com`, username: cast.author },
    committer: { name: cast.author, email: `${cast.author}@example.com`, username: cast.author },
    added: [],
    removed: [],
    modified: ["src/auth/redirect.ts"],
  };
  Object.assign(payload, {
    ref: `refs/heads/${cast.branch}`,
    before: "0000000000000000000000000000000000000000",
    after: cast.headSha,
    created: true,
    deleted: false,
    base_ref: null,
    compare: `https://github.com/${cast.repository}/commit/${cast.headSha.slice(0, 12)}`,
    commits: [commit],
    head_commit: commit,
    pusher: { name: cast.author, email: `${cast.author}@example.com` },
    sender: user(cast.author),
  });
  return payload;
}

/** `check_run` `completed` with success, on the PR's head sha. */
export function checkRunCompleted(cast: StoryCast, at: Date, name: string) {
  const payload = retell(
    example("check_run", (p) => p.action === "completed"),
    cast,
    at,
  );
  const checkRun = payload.check_run as Record<string, unknown>;
  Object.assign(checkRun, {
    name,
    head_sha: cast.headSha,
    status: "completed",
    conclusion: "success",
  });
  Object.assign(checkRun.check_suite as object, {
    head_branch: cast.branch,
    head_sha: cast.headSha,
  });
  for (const pullRequest of checkRun.pull_requests as Record<string, unknown>[]) {
    Object.assign(pullRequest, { number: cast.number });
    Object.assign(pullRequest.head as object, { ref: cast.branch, sha: cast.headSha });
  }
  return payload;
}

/** `pull_request_review` `submitted` with an approval. */
export function reviewApproved(
  cast: StoryCast,
  at: Date,
  title: string,
  body: string,
  comment: string,
) {
  const payload = retell(
    example("pull_request_review", (p) => p.action === "submitted"),
    cast,
    at,
  );
  Object.assign(payload.review as object, {
    state: "approved",
    body: comment,
    user: user(cast.reviewer),
    commit_id: cast.headSha,
  });
  const pullRequest = payload.pull_request as Record<string, unknown>;
  Object.assign(pullRequest, pullRequestFields(cast, title, body));
  Object.assign(pullRequest.head as object, { ref: cast.branch, sha: cast.headSha });
  payload.sender = user(cast.reviewer);
  return payload;
}
