import type { EventPattern } from "../models/event-pattern";
import type { DataCorrelationRuleInput } from "./correlation-rule";

const LINEAR_ISSUE: EventPattern = { type: "linear.issue.*" };
const GITHUB_PULL_REQUEST: EventPattern = { type: "github.pull_request.*" };
const GITHUB_ISSUE: EventPattern = { type: ["github.issue.*", "github.issues.*"] };
const GITHUB_PUSH: EventPattern = { type: ["github.push.**", "github.create.**"] };
const GITHUB_CI: EventPattern = {
  type: [
    "github.check_run.*",
    "github.check_suite.*",
    "github.workflow_run.*",
    "github.workflow_job.*",
    "github.status.**",
  ],
};
const SLACK_MESSAGE: EventPattern = { type: ["slack.message.**", "slack.app_mention.**"] };

/**
 * The built-in rules, in evaluation order. Each pair of events gets at most one link: the
 * rule giving the highest strength wins, the earlier rule on a tie, so the specific rules
 * name the link and the two generic ones at the end catch everything else.
 */
export const DEFAULT_CORRELATION_RULES: readonly DataCorrelationRuleInput[] = Object.freeze([
  {
    name: "linear_issue_to_github_pr",
    description:
      "A pull request names a Linear issue (closing word > branch > title > body > URL), or the issue links the PR.",
    source: LINEAR_ISSUE,
    target: GITHUB_PULL_REQUEST,
    match: {
      via: ["reference"],
      keyPrefixes: ["linear:issue:", "linear:issue-id:", "github:pr:", "github:number:", "url:"],
    },
  },
  {
    name: "github_pr_to_ci_run",
    description: "A check run, check suite, workflow run or status on the pull request's head sha.",
    source: GITHUB_PULL_REQUEST,
    target: GITHUB_CI,
    match: {
      via: ["reference", "shared-ref"],
      keyPrefixes: ["git:sha:", "git:sha7:", "github:pr:", "github:number:"],
    },
  },
  {
    name: "github_push_to_pr",
    description:
      "A push to (or creation of) the pull request's head branch, or of its head commit.",
    source: GITHUB_PUSH,
    target: GITHUB_PULL_REQUEST,
    match: {
      via: ["reference", "shared-ref"],
      keyPrefixes: ["github:branch:", "git:sha:", "git:sha7:"],
    },
  },
  {
    name: "github_pr_to_slack_message",
    description: "A Slack message links the pull request, or sits in a thread about it.",
    source: GITHUB_PULL_REQUEST,
    target: SLACK_MESSAGE,
    match: {
      via: ["reference", "shared-ref"],
      keyPrefixes: ["github:pr:", "github:number:", "url:", "slack:thread:", "slack:message:"],
    },
  },
  {
    name: "linear_issue_to_github_issue",
    description: "A Linear issue and a GitHub issue synced or linked to each other.",
    source: LINEAR_ISSUE,
    target: GITHUB_ISSUE,
    match: {
      via: ["reference"],
      keyPrefixes: ["linear:issue:", "linear:issue-id:", "github:issue:", "github:number:", "url:"],
    },
  },
  {
    name: "linear_issue_to_github_branch",
    description: "A push to a branch named after the Linear issue (eng-123-fix-login).",
    source: LINEAR_ISSUE,
    target: GITHUB_PUSH,
    match: { via: ["reference"], keyPrefixes: ["linear:issue:"] },
  },
  {
    name: "slack_thread",
    description: "Slack messages of one thread: a reply refs the thread its root message is.",
    source: SLACK_MESSAGE,
    target: SLACK_MESSAGE,
    match: { via: ["reference", "shared-ref"], keyPrefixes: ["slack:thread:"] },
  },
  {
    name: "same_subject",
    description: "Two events about the same object (a PR opened, then merged): they share a key.",
    source: {},
    target: {},
    match: { via: ["shared-key"] },
  },
  {
    name: "key_reference",
    description:
      "Fallback: any event that refs a key another event is, weighted 0.8 below the specific rules.",
    source: {},
    target: {},
    match: { via: ["reference"] },
    strength: 0.8,
  },
]);
