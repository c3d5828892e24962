/**
 * Traffic on one busy pull request for bench/correlation's hot-object case, built with the
 * key builders and reference extraction the GitHub adapter uses: the PR is opened, then
 * every 100 events a push moves its head and a `synchronize` follows; in between come
 * check runs and statuses on the head sha, comments and reviews on the PR.
 */
import { createHash } from "node:crypto";
import {
  type CorrelatedEvent,
  CorrelationKeys,
  deriveEventId,
  extractBranchReferences,
  extractReferences,
  mergeReferences,
} from "@contexten/core";

const REPOSITORY = "acme/api";
const NUMBER = 42;
const BRANCH = "eng-42-busy-branch";
const URL = `https://github.com/${REPOSITORY}/pull/${NUMBER}`;
/** When the PR is opened; events follow every 30 seconds. */
export const HOT_START = Date.parse("2026-02-01T00:00:00.000Z");
const SPACING_MS = 30_000;

const headSha = (push: number) => createHash("sha1").update(`head-${push}`).digest("hex");
const shaRefs = (sha: string) =>
  CorrelationKeys.gitShaKeys(sha).map((key) => ({ key, evidence: "sha" as const }));
const prKeys = () => [
  CorrelationKeys.githubPullRequest(REPOSITORY, NUMBER),
  CorrelationKeys.githubNumber(REPOSITORY, NUMBER),
  CorrelationKeys.url(URL),
];

function base(index: number, type: string): Omit<CorrelatedEvent, "subject" | "keys" | "refs"> {
  const at = new Date(HOT_START + index * SPACING_MS);
  return {
    id: deriveEventId("bench-hot", type, index),
    type,
    platform: "github",
    occurredAt: at,
    receivedAt: at,
    payload: {},
    correlationId: null,
  };
}

function pullRequest(index: number, action: string, sha: string): CorrelatedEvent {
  return {
    ...base(index, `github.pull_request.${action}`),
    subject: { kind: "pull_request", id: `PR_${NUMBER}`, key: `${REPOSITORY}#${NUMBER}`, url: URL },
    keys: prKeys(),
    refs: mergeReferences(
      extractReferences("Fixes ENG-42. Keeps the session on redirect.", { field: "body" }),
      extractBranchReferences(BRANCH, REPOSITORY, { field: "head.ref" }),
      shaRefs(sha),
    ),
  };
}

function push(index: number, sha: string): CorrelatedEvent {
  return {
    ...base(index, "github.push"),
    subject: { kind: "branch", id: `refs/heads/${BRANCH}`, key: BRANCH },
    keys: [CorrelationKeys.githubBranch(REPOSITORY, BRANCH), ...CorrelationKeys.gitShaKeys(sha)],
    refs: extractBranchReferences(BRANCH, REPOSITORY, { includeBranchKey: false }),
  };
}

function checkRun(index: number, sha: string): CorrelatedEvent {
  return {
    ...base(index, "github.check_run.completed"),
    subject: { kind: "check_run", id: `check-${index}` },
    keys: [CorrelationKeys.githubObject("check-run", index)],
    refs: [
      ...shaRefs(sha),
      { key: CorrelationKeys.githubPullRequest(REPOSITORY, NUMBER), evidence: "attachment" },
    ],
  };
}

function status(index: number, sha: string): CorrelatedEvent {
  return {
    ...base(index, "github.status.success"),
    subject: { kind: "status", id: `status-${index}` },
    keys: [CorrelationKeys.githubObject("status", index)],
    refs: shaRefs(sha),
  };
}

function comment(index: number, type: string): CorrelatedEvent {
  return {
    ...base(index, type),
    subject: { kind: "comment", id: `comment-${index}` },
    keys: [CorrelationKeys.githubObject("comment", index)],
    refs: mergeReferences(
      [{ key: CorrelationKeys.githubPullRequest(REPOSITORY, NUMBER), evidence: "attachment" }],
      extractReferences(`Looks good, see ${URL} and ENG-42`, { field: "comment.body" }),
    ),
  };
}

/** `count` events on the one pull request, in time order. */
export function hotObjectTraffic(count: number): CorrelatedEvent[] {
  const events: CorrelatedEvent[] = [pullRequest(0, "opened", headSha(0))];
  for (let index = 1; index < count; index += 1) {
    const pushes = Math.floor(index / 100);
    const sha = headSha(pushes);
    const step = index % 100;
    if (step === 0) events.push(push(index, sha));
    else if (step === 1) events.push(pullRequest(index, "synchronize", sha));
    else if (step % 4 === 0) events.push(status(index, sha));
    else if (step % 4 === 1) events.push(comment(index, "github.issue_comment.created"));
    else if (step % 4 === 2) events.push(checkRun(index, sha));
    else events.push(comment(index, "github.pull_request_review.submitted"));
  }
  return events;
}
