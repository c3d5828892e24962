import { ApiCallError, type EventStore, type Notifier } from "@contexten/core";
import { createEmailNotifier, type EmailNotifierOptions } from "@contexten/email";
import {
  createNotificationRouter,
  type NotificationRouter,
  type NotificationRuleInput,
  type PersonInput,
} from "@contexten/notifications";
import { createSlackNotifier, type SlackClient } from "@contexten/slack";
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
 * The default rules: a PR's author hears about reviews and the merge, and requested
 * reviewers about the request, each on the channel their preferences name. The PR's
 * own thread in the Slack channel stays with the `linked-pull-request` workflow.
 */
export const DEFAULT_NOTIFICATION_RULES: NotificationRuleInput[] = [
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

/** The router over the service's workflow engine and store, with Slack and (optionally) email. */
export function createServiceNotifications(
  options: ServiceNotificationsOptions,
  context: { slack: SlackClient; workflows: WorkflowEngine; events: EventStore },
): NotificationRouter {
  const notifiers: Notifier[] = [createSlackNotifier({ client: context.slack })];
  if (options.email) notifiers.push(createEmailNotifier(options.email));
  return createNotificationRouter({
    rules: options.rules,
    people: options.people,
    notifiers,
    engine: context.workflows,
    events: context.events,
    lookups: {
      // A person with an email address but no Slack id is found with users.lookupByEmail.
      slack: async (email) => {
        try {
          const found = await context.slack.request("users.lookupByEmail", (web) =>
            web.users.lookupByEmail({ email }),
          );
          return found.user?.id;
        } catch (error) {
          if (ApiCallError.isInstance(error) && error.platformCode === "users_not_found") {
            return undefined;
          }
          throw error;
        }
      },
    },
  });
}
