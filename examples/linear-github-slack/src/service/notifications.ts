import { codeownersOwnerSource } from "@contexten/analysis";
import type { EventStore, Notifier } from "@contexten/core";
import { createEmailNotifier, type EmailNotifierOptions } from "@contexten/email";
import type { GitHubClient } from "@contexten/github";
import { type LinearClient, linearIdentityLookup } from "@contexten/linear";
import {
  createNotificationRouter,
  type NotificationRouter,
  type NotificationRuleInput,
  type PersonInput,
} from "@contexten/notifications";
import { createSlackNotifier, type SlackClient, slackIdentityLookup } from "@contexten/slack";
import type { WorkflowEngine } from "@contexten/workflows";

/** How the service routes notifications: rules and people as data, and email settings. */
export interface ServiceNotificationsOptions {
  /** Routing rules (see `@contexten/notifications`). */
  rules: readonly NotificationRuleInput[];
  /** People: identities across platforms and preferences. */
  people?: readonly PersonInput[] | undefined;
  /** Email over SMTP; without it, people are reached on Slack only. */
  email?: EmailNotifierOptions | undefined;
}

/**
 * The default rules: a PR's code owners (CODEOWNERS of its changed files) hear that it was
 * opened, its author hears about reviews and the merge, and requested reviewers about the
 * request, each on the channel their preferences name. The PR's own thread in the Slack
 * channel stays with the `linked-pull-request` workflow.
 */
export const DEFAULT_NOTIFICATION_RULES: NotificationRuleInput[] = [
  {
    name: "code-owners",
    events: { type: ["github.pull_request.opened", "github.pull_request.ready_for_review"] },
    targets: [{ kind: "owners", roles: ["codeowners"] }],
  },
  {
    name: "pull-request-owners",
    events: { type: ["github.pull_request.merged", "github.pull_request_review.submitted"] },
    targets: [{ kind: "owners", roles: ["author"] }],
  },
  {
    name: "review-requests",
    events: { type: "github.pull_request.review_requested" },
    targets: [{ kind: "owners", roles: ["reviewers"] }],
    priority: "high",
  },
];

/**
 * The router over the service's workflow engine and store, with Slack and (optionally)
 * email. Code owners come from the pull request's CODEOWNERS (read through the GitHub
 * client); people the configuration does not map are found by email in Slack
 * (`users.lookupByEmail`) and Linear (a Linear user id in an event finds the configured
 * person with that email).
 */
export function createServiceNotifications(
  options: ServiceNotificationsOptions,
  context: {
    slack: SlackClient;
    github: GitHubClient;
    linear: LinearClient;
    workflows: WorkflowEngine;
    events: EventStore;
  },
): NotificationRouter {
  const notifiers: Notifier[] = [createSlackNotifier({ client: context.slack })];
  if (options.email) notifiers.push(createEmailNotifier(options.email));
  return createNotificationRouter({
    rules: options.rules,
    people: options.people,
    notifiers,
    engine: context.workflows,
    events: context.events,
    ownerSources: [codeownersOwnerSource({ client: context.github })],
    lookups: {
      slack: slackIdentityLookup(context.slack),
      linear: linearIdentityLookup(context.linear),
    },
  });
}
