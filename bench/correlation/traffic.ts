/**
 * Realistic mixed traffic for bench/correlation: overlapping "stories" of eight events
 * (Linear issue created → push → PR opened → two check runs → PR merged → Slack message →
 * issue updated), built with the same key builders and reference extraction the adapters
 * use, so each lookup finds the handful of events of its own story among all stored ones.
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
/** When the first story starts. */
export const TRAFFIC_START = Date.parse("2026-01-01T00:00:00.000Z");
const STORY_SPACING_MINUTES = 2;

/** Offsets (minutes after the story starts) and builders of a story's eight events. */
const STORY: readonly [number, (story: number, at: Date) => CorrelatedEvent][] = [
  [0, issueCreated],
  [20, push],
  [40, (story, at) => pullRequest(story, at, "opened")],
  [45, (story, at) => checkRun(story, at, 1)],
  [46, (story, at) => checkRun(story, at, 2)],
  [150, (story, at) => pullRequest(story, at, "merged")],
  [155, slackMessage],
  [160, issueUpdated],
];

function identifier(story: number): string {
  return `ENG-${story + 1}`;
}

function sha(story: number): string {
  return createHash("sha1").update(`commit-${story}`).digest("hex");
}

function base(
  story: number,
  kind: string,
  at: Date,
): Pick<
  CorrelatedEvent,
  "id" | "occurredAt" | "receivedAt" | "keys" | "refs" | "payload" | "correlationId"
> {
  return {
    id: deriveEventId("bench", kind, story),
    occurredAt: at,
    receivedAt: at,
    keys: [],
    refs: [],
    payload: {},
    correlationId: null,
  };
}

function issueCreated(story: number, at: Date): CorrelatedEvent {
  return {
    ...base(story, "issue", at),
    type: "linear.issue.created",
    platform: "linear",
    subject: { kind: "issue", id: `issue-uuid-${story}`, key: identifier(story) },
    keys: [
      CorrelationKeys.linearIssue(identifier(story)),
      CorrelationKeys.linearIssueId(`issue-uuid-${story}`),
    ],
    payload: { action: "create", data: { identifier: identifier(story), title: "Fix login" } },
  };
}

function issueUpdated(story: number, at: Date): CorrelatedEvent {
  return {
    ...issueCreated(story, at),
    id: deriveEventId("bench", "issue-updated", story),
    type: "linear.issue.updated",
    payload: { action: "update", data: { identifier: identifier(story), state: "Done" } },
  };
}

function branch(story: number): string {
  return `${identifier(story).toLowerCase()}-fix-login`;
}

function push(story: number, at: Date): CorrelatedEvent {
  return {
    ...base(story, "push", at),
    type: "github.push",
    platform: "github",
    subject: { kind: "branch", id: `refs/heads/${branch(story)}`, key: branch(story) },
    keys: [
      CorrelationKeys.githubBranch(REPOSITORY, branch(story)),
      ...CorrelationKeys.gitShaKeys(sha(story)),
    ],
    refs: extractBranchReferences(branch(story), REPOSITORY, { includeBranchKey: false }),
    payload: { ref: `refs/heads/${branch(story)}`, after: sha(story), pusher: { name: "ada" } },
  };
}

function pullRequest(story: number, at: Date, action: "opened" | "merged"): CorrelatedEvent {
  const number = story + 1;
  return {
    ...base(story, `pr-${action}`, at),
    type: `github.pull_request.${action}`,
    platform: "github",
    subject: { kind: "pull_request", id: `PR_${number}`, key: `${REPOSITORY}#${number}` },
    keys: [
      CorrelationKeys.githubPullRequest(REPOSITORY, number),
      CorrelationKeys.githubNumber(REPOSITORY, number),
      CorrelationKeys.url(`https://github.com/${REPOSITORY}/pull/${number}`),
    ],
    refs: mergeReferences(
      extractReferences(`Fix login redirect (${identifier(story)})`, {
        field: "title",
        evidence: "title",
      }),
      extractReferences(`Fixes ${identifier(story)}. The redirect lost the session.`, {
        field: "body",
        defaultRepository: REPOSITORY,
      }),
      extractBranchReferences(branch(story), REPOSITORY, { field: "head.ref" }),
      CorrelationKeys.gitShaKeys(sha(story)).map((key) => ({ key, evidence: "sha" as const })),
    ),
    payload: { action, number, pull_request: { head: { sha: sha(story), ref: branch(story) } } },
  };
}

function checkRun(story: number, at: Date, attempt: number): CorrelatedEvent {
  return {
    ...base(story, `check-${attempt}`, at),
    type: "github.check_run.completed",
    platform: "github",
    subject: { kind: "check_run", id: `check-${story}-${attempt}` },
    keys: [CorrelationKeys.githubObject("check-run", `${story}-${attempt}`)],
    refs: [
      ...CorrelationKeys.gitShaKeys(sha(story)).map((key) => ({ key, evidence: "sha" as const })),
      {
        key: CorrelationKeys.githubPullRequest(REPOSITORY, story + 1),
        evidence: "attachment" as const,
      },
    ],
    payload: { action: "completed", check_run: { head_sha: sha(story), conclusion: "success" } },
  };
}

function slackMessage(story: number, at: Date): CorrelatedEvent {
  const ts = `${Math.floor(at.getTime() / 1000)}.${String(story % 1_000_000).padStart(6, "0")}`;
  return {
    ...base(story, "slack", at),
    type: "slack.message.sent",
    platform: "slack",
    subject: { kind: "message", id: `C123/${ts}` },
    keys: [CorrelationKeys.slackMessage("C123", ts), CorrelationKeys.slackThread("C123", ts)],
    refs: extractReferences(
      `Shipped https://github.com/${REPOSITORY}/pull/${story + 1} (refs ${identifier(story)})`,
      { field: "text" },
    ),
    payload: { type: "message", channel: "C123", ts, user: "U123" },
  };
}

/** Endless traffic: story after story, each starting two minutes after the previous one. */
export function* traffic(): Generator<CorrelatedEvent> {
  for (let story = 0; ; story += 1) {
    const start = TRAFFIC_START + story * STORY_SPACING_MINUTES * 60_000;
    for (const [offset, build] of STORY) yield build(story, new Date(start + offset * 60_000));
  }
}
