/**
 * Traffic on one busy pull request for bench/correlation's hot-object case, built with the
 * key builders and reference extraction the GitHub adapter uses: the PR is opened, then
 * every 100 events a push moves its head and a `synchronize` follows; in between come
 * check runs and statuses on the head sha, comments and reviews on the PR.
 */
import { createHash } from "node:crypto";
import { type CorrelatedEvent, CorrelationKeys } from "@contexten/core";
import {
  deriveEventId,
  extractBranchReferences,
  extractReferences,
  mergeReferences,
} from "@contexten/core/adapter";

const REPOSITORY = "acme/api";
/** When the first PR is opened; events follow every 30 seconds. */
export const HOT_START = Date.parse("2026-02-01T00:00:00.000Z");
const SPACING_MS = 30_000;

/** One pull request's names. */
interface PullRequest {
  number: number;
  branch: string;
  url: string;
  /** Epoch milliseconds of its first event. */
  start: number;
}
const shaRefs = (sha: string) =>
  CorrelationKeys.gitShaKeys(sha).map((key) => ({ key, evidence: "sha" as const }));
const prKeys = (pr: PullRequest) => [
  CorrelationKeys.githubPullRequest(REPOSITORY, pr.number),
  CorrelationKeys.githubNumber(REPOSITORY, pr.number),
  CorrelationKeys.url(pr.url),
];
const prKey = (pr: PullRequest) => CorrelationKeys.githubPullRequest(REPOSITORY, pr.number);

function base(
  pr: PullRequest,
  index: number,
  type: string,
): Omit<CorrelatedEvent, "subject" | "keys" | "refs"> {
  const at = new Date(pr.start + index * SPACING_MS);
  return {
    id: deriveEventId("bench-hot", pr.number, type, index),
    type,
    platform: "github",
    occurredAt: at,
    receivedAt: at,
    payload: {},
    correlationId: null,
  };
}

function pullRequest(pr: PullRequest, index: number, action: string, sha: string) {
  return {
    ...base(pr, index, `github.pull_request.${action}`),
    subject: {
      kind: "pull_request",
      id: `PR_${pr.number}`,
      key: `${REPOSITORY}#${pr.number}`,
      url: pr.url,
    },
    keys: prKeys(pr),
    refs: mergeReferences(
      extractReferences(`Fixes ENG-${pr.number}. Keeps the session on redirect.`, {
        field: "body",
      }),
      extractBranchReferences(pr.branch, REPOSITORY, { field: "head.ref" }),
      shaRefs(sha),
    ),
  };
}

function push(pr: PullRequest, index: number, sha: string): CorrelatedEvent {
  return {
    ...base(pr, index, "github.push"),
    subject: { kind: "branch", id: `refs/heads/${pr.branch}`, key: pr.branch },
    keys: [CorrelationKeys.githubBranch(REPOSITORY, pr.branch), ...CorrelationKeys.gitShaKeys(sha)],
    refs: extractBranchReferences(pr.branch, REPOSITORY, { includeBranchKey: false }),
  };
}

function checkRun(pr: PullRequest, index: number, sha: string): CorrelatedEvent {
  return {
    ...base(pr, index, "github.check_run.completed"),
    subject: { kind: "check_run", id: `check-${pr.number}-${index}` },
    keys: [CorrelationKeys.githubObject("check-run", `${pr.number}-${index}`)],
    refs: [...shaRefs(sha), { key: prKey(pr), evidence: "attachment" }],
  };
}

function status(pr: PullRequest, index: number, sha: string): CorrelatedEvent {
  return {
    ...base(pr, index, "github.status.success"),
    subject: { kind: "status", id: `status-${pr.number}-${index}` },
    keys: [CorrelationKeys.githubObject("status", `${pr.number}-${index}`)],
    refs: shaRefs(sha),
  };
}

function comment(pr: PullRequest, index: number, type: string): CorrelatedEvent {
  return {
    ...base(pr, index, type),
    subject: { kind: "comment", id: `comment-${pr.number}-${index}` },
    keys: [CorrelationKeys.githubObject("comment", `${pr.number}-${index}`)],
    refs: mergeReferences(
      [{ key: prKey(pr), evidence: "attachment" }],
      extractReferences(`Looks good, see ${pr.url} and ENG-${pr.number}`, {
        field: "comment.body",
      }),
    ),
  };
}

/**
 * `count` events on pull request `number` (default 42), in time order, starting `number`
 * days after {@link HOT_START}, so two pull requests' traffic never shares a key.
 */
export function hotObjectTraffic(count: number, number = 42): CorrelatedEvent[] {
  const pr: PullRequest = {
    number,
    branch: `eng-${number}-busy-branch`,
    url: `https://github.com/${REPOSITORY}/pull/${number}`,
    start: HOT_START + number * 86_400_000,
  };
  const headSha = (push: number) =>
    createHash("sha1").update(`head-${number}-${push}`).digest("hex");
  const events: CorrelatedEvent[] = [pullRequest(pr, 0, "opened", headSha(0))];
  for (let index = 1; index < count; index += 1) {
    const sha = headSha(Math.floor(index / 100));
    const step = index % 100;
    if (step === 0) events.push(push(pr, index, sha));
    else if (step === 1) events.push(pullRequest(pr, index, "synchronize", sha));
    else if (step % 4 === 0) events.push(status(pr, index, sha));
    else if (step % 4 === 1) events.push(comment(pr, index, "github.issue_comment.created"));
    else if (step % 4 === 2) events.push(checkRun(pr, index, sha));
    else events.push(comment(pr, index, "github.pull_request_review.submitted"));
  }
  return events;
}
