import { createRequire } from "node:module";
import type { GitHubWebhookPayloadMap } from "../webhooks/github-webhook-payloads";

/** One event's published example payloads. */
export interface WebhookExampleGroup {
  /** Event name, e.g. `pull_request`. */
  name: string;
  /** Example payloads as GitHub documents them. */
  examples: Record<string, unknown>[];
}

const require = createRequire(import.meta.url);

/**
 * GitHub's published example payloads from `@octokit/webhooks-examples` (collected from
 * GitHub's documentation and real deliveries): 58 events, one or more examples each.
 * Each call returns fresh copies, so tests may change them.
 */
export function webhookExamples(): WebhookExampleGroup[] {
  const groups =
    require("@octokit/webhooks-examples/api.github.com/index.json") as WebhookExampleGroup[];
  return structuredClone(groups);
}

/** The examples of one event (fresh copies). */
export function examplesOf(name: string): Record<string, unknown>[] {
  const group = webhookExamples().find((candidate) => candidate.name === name);
  if (!group) throw new Error(`@octokit/webhooks-examples has no ${name} examples`);
  return group.examples;
}

/** The events the GitHub adapter normalizes specially (the list). */
export const NORMALIZED_EVENTS = [
  "pull_request",
  "pull_request_review",
  "push",
  "workflow_run",
  "check_run",
  "check_suite",
  "issues",
  "issue_comment",
  "create",
  "delete",
] as const;

/**
 * The first published example of an event or event.action (`push`, `pull_request.opened`),
 * typed with its payload type, optionally the first that `predicate` accepts. A fresh copy.
 */
export function exampleOf<Name extends keyof GitHubWebhookPayloadMap & string>(
  name: Name,
  predicate: (payload: GitHubWebhookPayloadMap[Name]) => boolean = () => true,
): GitHubWebhookPayloadMap[Name] {
  const [event, action] = name.split(/\.(.*)/s);
  const found = examplesOf(event!).find(
    (payload) =>
      (action === undefined || payload.action === action) &&
      predicate(payload as GitHubWebhookPayloadMap[Name]),
  );
  if (!found) throw new Error(`@octokit/webhooks-examples has no matching ${name} example`);
  return found as GitHubWebhookPayloadMap[Name];
}
