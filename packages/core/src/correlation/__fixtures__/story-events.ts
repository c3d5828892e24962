import { CorrelationKeys } from "../../keys/correlation-keys";
import {
  type CorrelatedEvent,
  type CorrelatedEventInput,
  correlatedEventSchema,
} from "../../models/correlated-event";
import { extractBranchReferences } from "../../references/extract-branch-references";
import { extractReferences } from "../../references/extract-references";
import { mergeReferences } from "../../references/merge-references";

/** Parameters of one "issue → branch → PR → CI → merge → Slack" story. */
export interface StoryOptions {
  /** Linear identifier, e.g. `ENG-123`. */
  identifier: string;
  /** Linear issue UUID. */
  issueId: string;
  /** Head branch, e.g. `eng-123-fix-login`. */
  branch: string;
  /** Pull request number. */
  number: number;
  /** Head sha (40 hex). */
  sha: string;
  /** Slack message ts. */
  slackTs: string;
  /** Minutes after 2026-03-02T09:00Z at which the story starts. */
  startMinute?: number;
}

const REPOSITORY = "acme/api";
const START = Date.parse("2026-03-02T09:00:00.000Z");

/** The six events of the issue's scenario, built the way the adapters will build them. */
export interface StoryEvents {
  /** `linear.issue.created` for the issue. */
  issueCreated: CorrelatedEvent;
  /** `github.push` to the issue's branch. */
  push: CorrelatedEvent;
  /** `github.pull_request.opened` with "Fixes <identifier>" in the body. */
  prOpened: CorrelatedEvent;
  /** `github.check_run.completed` on the PR's head sha. */
  checkRun: CorrelatedEvent;
  /** `github.pull_request.merged`. */
  prMerged: CorrelatedEvent;
  /** `slack.message.sent` quoting the PR URL ("refs <identifier>"). */
  slackMessage: CorrelatedEvent;
}

/** Builds a story; see {@link StoryEvents}. */
export function buildStory(options: StoryOptions): StoryEvents {
  const at = (minutes: number) => new Date(START + ((options.startMinute ?? 0) + minutes) * 60_000);
  const slug = options.identifier.toLowerCase();
  const prUrl = `https://github.com/${REPOSITORY}/pull/${options.number}`;
  const event = (input: Omit<CorrelatedEventInput, "receivedAt">): CorrelatedEvent =>
    correlatedEventSchema.parse({ ...input, receivedAt: input.occurredAt });
  const prKeys = [
    CorrelationKeys.githubPullRequest(REPOSITORY, options.number),
    CorrelationKeys.githubNumber(REPOSITORY, options.number),
    CorrelationKeys.url(prUrl),
  ];
  const prRefs = mergeReferences(
    extractReferences("Fix login redirect", { field: "title", evidence: "title" }),
    extractReferences(`Fixes ${options.identifier}\n\nThe redirect lost the session.`, {
      field: "body",
      defaultRepository: REPOSITORY,
    }),
    extractBranchReferences(options.branch, REPOSITORY, { field: "head.ref" }),
    CorrelationKeys.gitShaKeys(options.sha).map((key) => ({
      key,
      evidence: "sha" as const,
      field: "head.sha",
    })),
  );
  const pullRequest = (type: string, minutes: number, action: string) =>
    event({
      id: `${slug}:${type}`,
      type,
      platform: "github",
      occurredAt: at(minutes),
      deliveryId: `${slug}-${action}`,
      subject: {
        kind: "pull_request",
        id: `PR_${options.number}`,
        key: `${REPOSITORY}#${options.number}`,
        url: prUrl,
        title: "Fix login redirect",
      },
      keys: prKeys,
      refs: prRefs,
      payload: { action, number: options.number, pull_request: { head: { sha: options.sha } } },
    });

  return {
    issueCreated: event({
      id: `${slug}:linear.issue.created`,
      type: "linear.issue.created",
      platform: "linear",
      occurredAt: at(0),
      subject: { kind: "issue", id: options.issueId, key: options.identifier },
      keys: [
        CorrelationKeys.linearIssue(options.identifier),
        CorrelationKeys.linearIssueId(options.issueId),
      ],
      payload: { action: "create", data: { identifier: options.identifier } },
    }),
    push: event({
      id: `${slug}:github.push`,
      type: "github.push",
      platform: "github",
      occurredAt: at(30),
      subject: { kind: "branch", id: `refs/heads/${options.branch}`, key: options.branch },
      keys: [
        CorrelationKeys.githubBranch(REPOSITORY, options.branch),
        ...CorrelationKeys.gitShaKeys(options.sha),
      ],
      refs: mergeReferences(
        extractBranchReferences(options.branch, REPOSITORY, { includeBranchKey: false }),
        extractReferences("Fix login redirect", { field: "commits[0].message" }),
      ),
      payload: { ref: `refs/heads/${options.branch}`, after: options.sha },
    }),
    prOpened: pullRequest("github.pull_request.opened", 60, "opened"),
    checkRun: event({
      id: `${slug}:github.check_run.completed`,
      type: "github.check_run.completed",
      platform: "github",
      occurredAt: at(65),
      subject: { kind: "check_run", id: `check-${options.number}` },
      keys: [CorrelationKeys.githubObject("check-run", `check-${options.number}`)],
      refs: [
        ...CorrelationKeys.gitShaKeys(options.sha).map((key) => ({
          key,
          evidence: "sha" as const,
          field: "check_run.head_sha",
        })),
        {
          key: CorrelationKeys.githubPullRequest(REPOSITORY, options.number),
          evidence: "attachment" as const,
          field: "check_run.pull_requests",
        },
      ],
      payload: { action: "completed", check_run: { head_sha: options.sha, conclusion: "success" } },
    }),
    prMerged: pullRequest("github.pull_request.merged", 120, "closed"),
    slackMessage: event({
      id: `${slug}:slack.message.sent`,
      type: "slack.message.sent",
      platform: "slack",
      occurredAt: at(125),
      subject: { kind: "message", id: `C123/${options.slackTs}` },
      keys: [
        CorrelationKeys.slackMessage("C123", options.slackTs),
        CorrelationKeys.slackThread("C123", options.slackTs),
      ],
      refs: extractReferences(`Shipped! ${prUrl} (refs ${options.identifier})`, {
        field: "text",
      }),
      payload: { type: "message", channel: "C123", ts: options.slackTs },
    }),
  };
}

/** A story's events in the order they happen. */
export function storyInOrder(story: StoryEvents): CorrelatedEvent[] {
  return [
    story.issueCreated,
    story.push,
    story.prOpened,
    story.checkRun,
    story.prMerged,
    story.slackMessage,
  ];
}

/** The scenario of the issue: ENG-123, branch `eng-123-fix-login`, PR #42. */
export function loginStory(): StoryEvents {
  return buildStory({
    identifier: "ENG-123",
    issueId: "0b7f8f4e-6b1a-4c8e-9a55-1f1b2a3c4d5e",
    branch: "eng-123-fix-login",
    number: 42,
    sha: "4f2a9c1e7b3d5a6c8e0f1a2b3c4d5e6f7a8b9c0d",
    slackTs: "1772449500.000100",
  });
}

/** An unrelated story running at the same time: ENG-200, PR #43. */
export function billingStory(): StoryEvents {
  return buildStory({
    identifier: "ENG-200",
    issueId: "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
    branch: "eng-200-billing",
    number: 43,
    sha: "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d",
    slackTs: "1772449800.000200",
    startMinute: 10,
  });
}
