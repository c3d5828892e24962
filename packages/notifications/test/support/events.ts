import type { CorrelatedEvent } from "@contexten/core";
import { correlatedEventSchema } from "@contexten/core/schemas";

let sequence = 0;

/** A GitHub pull-request event as the GitHub adapter stores it (the payload fields routing reads). */
export function pullRequestEvent(options: {
  action: string;
  at: number;
  number?: number;
  repo?: string;
  author?: string;
  sender?: string;
  reviewers?: string[];
  title?: string;
  id?: string;
}): CorrelatedEvent {
  const repo = options.repo ?? "acme/api";
  const number = options.number ?? 42;
  sequence += 1;
  return correlatedEventSchema.parse({
    id: options.id ?? `pr-event-${sequence}`,
    type: `github.pull_request.${options.action}`,
    platform: "github",
    occurredAt: new Date(options.at),
    receivedAt: new Date(options.at),
    subject: {
      kind: "pull_request",
      id: `${repo}#${number}`,
      key: `${repo}#${number}`,
      title: options.title ?? "Fix login",
      url: `https://github.com/${repo}/pull/${number}`,
    },
    keys: [`github:pr:${repo}#${number}`],
    payload: {
      action: options.action,
      repository: { full_name: repo },
      sender: { login: options.sender ?? options.author ?? "grace" },
      pull_request: {
        number,
        title: options.title ?? "Fix login",
        user: { login: options.author ?? "grace" },
        requested_reviewers: (options.reviewers ?? []).map((login) => ({ login })),
      },
    },
    correlationId: `group:${repo}#${number}`,
  });
}

/** A GitHub issue comment (routed as low priority in the digest tests). */
export function commentEvent(options: {
  at: number;
  index: number;
  author?: string;
}): CorrelatedEvent {
  return correlatedEventSchema.parse({
    id: `comment-${options.index}`,
    type: "github.issue_comment.created",
    platform: "github",
    occurredAt: new Date(options.at),
    receivedAt: new Date(options.at),
    subject: {
      kind: "comment",
      id: `comment-${options.index}`,
      key: `acme/api#${100 + options.index}`,
      title: `Comment ${options.index}`,
      url: `https://github.com/acme/api/issues/${100 + options.index}#comment`,
    },
    payload: {
      action: "created",
      repository: { full_name: "acme/api" },
      sender: { login: options.author ?? "grace" },
      issue: { number: 100 + options.index, user: { login: "carol" } },
    },
  });
}

/** A Slack click on a button, as the Slack adapter stores it. */
export function slackClickEvent(options: {
  at: number;
  actionId: string;
  value: string;
  user: string;
}): CorrelatedEvent {
  sequence += 1;
  return correlatedEventSchema.parse({
    id: `click-${sequence}`,
    type: "slack.interaction.block_actions",
    platform: "slack",
    occurredAt: new Date(options.at),
    receivedAt: new Date(options.at),
    subject: { kind: "block_actions", id: `trigger-${sequence}` },
    payload: {
      type: "block_actions",
      user: { id: options.user },
      actions: [{ action_id: options.actionId, value: options.value }],
    },
  });
}
