import fc from "fast-check";
import { fixtureNamed, type PayloadFixture } from "./fixtures";
import { formatPath, type JsonPath, replaceAt } from "./json-paths";
import type { Labeled } from "./labeled";

/** A field of a real payload that hostile content is put into. */
export class FieldTarget {
  /**
   * @param fixture The payload.
   * @param path The field.
   * @param wrap How the content goes in when the field holds it inside a structure (a
   *   Slack attachment list, a branch ref); default as it is.
   */
  constructor(
    readonly fixture: PayloadFixture,
    readonly path: JsonPath,
    readonly wrap: (content: unknown) => unknown = (content) => content,
  ) {}

  /** `payload` with `content` in this field. */
  fill(payload: Record<string, unknown>, content: unknown): unknown {
    return replaceAt(payload, this.path, this.wrap(content));
  }

  /** Used by fast-check when it prints a counterexample. */
  [fc.toStringMethod](): string {
    return `${this.fixture.name}: ${formatPath(this.path)}`;
  }
}

function at(fixture: string, path: JsonPath, wrap?: (content: unknown) => unknown): FieldTarget {
  return new FieldTarget(fixtureNamed(fixture), path, wrap);
}

const asAttachment = (content: unknown) => [{ fallback: "link", title: "t", text: content }];
const asBranchRef = (content: unknown) => `refs/heads/${String(content)}`;
const inSentence = (content: unknown) => `See ${String(content)} for details.`;

/** Free text the normalizers read references from: titles, bodies, messages, descriptions. */
export const TEXT_TARGETS: readonly FieldTarget[] = [
  at("github pull_request.opened #0", ["pull_request", "title"]),
  at("github pull_request.opened #0", ["pull_request", "body"]),
  at("github issues.opened #15", ["issue", "title"]),
  at("github issues.opened #15", ["issue", "body"]),
  at("github issue_comment.created #0", ["comment", "body"]),
  at("github pull_request_review.submitted #0", ["review", "body"]),
  at("github push #0", ["head_commit", "message"]),
  at("github push #4", ["commits", 0, "message"]),
  at("github workflow_run.completed #0", ["workflow_run", "head_commit", "message"]),
  at("github release.published #0", ["release", "body"]),
  at("slack event-message", ["event", "text"]),
  at("slack event-message", ["event", "attachments"], asAttachment),
  at("slack event-app-mention", ["event", "text"]),
  at("slack event-message-changed", ["event", "message", "text"]),
  at("slack interaction-message-action", ["message", "text"]),
  at("slack slash-command", ["text"]),
  at("linear issue-create", ["data", "title"]),
  at("linear issue-create", ["data", "description"]),
  at("linear comment-create", ["data", "body"]),
  at("linear project-update", ["data", "description"]),
];

/** Branch names: refs, head refs and Linear's suggested branch. */
export const BRANCH_TARGETS: readonly FieldTarget[] = [
  at("github push #0", ["ref"], asBranchRef),
  at("github pull_request.opened #0", ["pull_request", "head", "ref"]),
  at("github create #0", ["ref"]),
  at("github delete #0", ["ref"]),
  at("github check_suite.completed #0", ["check_suite", "head_branch"]),
  at("github workflow_run.completed #0", ["workflow_run", "head_branch"]),
  at("linear issue-create", ["data", "branchName"]),
];

/** URLs: the web URLs of PRs, issues and Linear records, and URLs inside text. */
export const URL_TARGETS: readonly FieldTarget[] = [
  at("github pull_request.opened #0", ["pull_request", "html_url"]),
  at("github issues.opened #15", ["issue", "html_url"]),
  at("github pull_request.opened #0", ["pull_request", "body"], inSentence),
  at("slack event-message", ["event", "text"], inSentence),
  at("linear issue-create", ["url"]),
  at("linear issue-create", ["data", "url"]),
  at("linear attachment-create-github-pr", ["data", "url"]),
  at("linear comment-create", ["data", "body"], inSentence),
];

/** How a timestamp field is written. */
export type TimeFormat = "iso" | "epoch-seconds" | "slack-ts";

/** A timestamp field and its format. */
export class TimeTarget extends FieldTarget {
  /**
   * @param fixture The payload.
   * @param path The field.
   * @param format How the platform writes it there.
   */
  constructor(
    fixture: PayloadFixture,
    path: JsonPath,
    readonly format: TimeFormat,
  ) {
    super(fixture, path);
  }
}

function time(fixture: string, path: JsonPath, format: TimeFormat): TimeTarget {
  return new TimeTarget(fixtureNamed(fixture), path, format);
}

/** Timestamps the normalizers turn into `occurredAt`. */
export const TIME_TARGETS: readonly TimeTarget[] = [
  time("github pull_request.opened #0", ["pull_request", "created_at"], "iso"),
  time("github pull_request.opened #0", ["pull_request", "updated_at"], "iso"),
  time("github issues.opened #15", ["issue", "created_at"], "iso"),
  time("github push #0", ["head_commit", "timestamp"], "iso"),
  time("github push #1", ["repository", "pushed_at"], "epoch-seconds"),
  time("github check_run.completed #1", ["check_run", "completed_at"], "iso"),
  time("github workflow_run.completed #0", ["workflow_run", "updated_at"], "iso"),
  time("slack event-message", ["event", "ts"], "slack-ts"),
  time("slack event-message", ["event_time"], "epoch-seconds"),
  time("slack event-reaction-added", ["event", "event_ts"], "slack-ts"),
  time("linear issue-create", ["createdAt"], "iso"),
  time("linear issue-create", ["data", "createdAt"], "iso"),
  time("linear issue-update-status", ["data", "updatedAt"], "iso"),
];

/** Where a deeply nested value goes: an unknown field, and fields the normalizers walk. */
export const NESTING_TARGETS: readonly FieldTarget[] = [
  at("github pull_request.opened #0", ["hostile_extra"]),
  at("github pull_request.opened #0", ["pull_request", "labels"]),
  at("github check_run.completed #1", ["check_run", "pull_requests"]),
  at("slack event-message", ["event", "attachments"]),
  at("slack interaction-block-actions", ["actions"]),
  at("linear issue-create", ["data", "labels"]),
  at("linear issue-create", ["data", "previousIdentifiers"]),
];

/** A target and what goes into it, printed together in a counterexample. */
export class Placement<T = unknown> {
  /**
   * @param target Where.
   * @param content What.
   */
  constructor(
    readonly target: FieldTarget,
    readonly content: Labeled<T>,
  ) {}

  /** Used by fast-check when it prints a counterexample. */
  [fc.toStringMethod](): string {
    return `${fc.stringify(this.target)} = ${this.content.label}`;
  }
}
