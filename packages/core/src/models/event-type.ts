import { z } from "zod";

/**
 * The seven well-known event types. Every other namespaced type
 * (`platform.object.action`, e.g. `github.check_run.completed`) is equally valid:
 * {@link EventType} is an open string.
 */
export const EventTypes = {
  /** A Linear issue was created. */
  LINEAR_ISSUE_CREATED: "linear.issue.created",
  /** A Linear issue was updated. */
  LINEAR_ISSUE_UPDATED: "linear.issue.updated",
  /** A GitHub pull request was opened. */
  GITHUB_PR_OPENED: "github.pull_request.opened",
  /** A GitHub pull request was merged (a `closed` action with `merged: true`). */
  GITHUB_PR_MERGED: "github.pull_request.merged",
  /** A Slack message was posted. */
  SLACK_MESSAGE_SENT: "slack.message.sent",
  /** A contexten workflow started. */
  WORKFLOW_STARTED: "workflow.started",
  /** A contexten workflow completed. */
  WORKFLOW_COMPLETED: "workflow.completed",
} as const;

/** One of the seven well-known event types. */
export type KnownEventType = (typeof EventTypes)[keyof typeof EventTypes];

/**
 * A namespaced event type: at least two dot-separated segments of lower-case letters,
 * digits, `_` or `-`. Known types autocomplete; any other namespaced string is accepted.
 */
export type EventType = KnownEventType | (string & {});

/** Pattern every event type must match. */
export const EVENT_TYPE_PATTERN = /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/;

/** Schema for {@link EventType}. */
export const eventTypeSchema = z
  .string()
  .regex(
    EVENT_TYPE_PATTERN,
    'event type must be namespaced lower-case segments such as "github.pull_request.opened"',
  );
