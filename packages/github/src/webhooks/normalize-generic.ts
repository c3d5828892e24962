import { type CorrelatedEvent, CorrelationKeys, type EventRef } from "@contexten/core";
import {
  firstLine,
  readId,
  readNumber,
  readObject,
  readString,
  readUrl,
} from "@contexten/core/adapter";
import { buildGitHubEvent } from "./github-event-base";
import { repositoryOf, shaRefs } from "./github-refs";
import type { NormalizeInput } from "./normalize-input";

/**
 * Every other event (`release`, `deployment`, `discussion`, `label`, `star`, …), stored as
 * `github.<event>.<action>` or `github.<event>.received`, never rejected. The object named
 * after the event (`payload.release` …) becomes the subject and key
 * (`github:<event>:<id>`); an attached pull request or issue is referred to (evidence
 * `attachment`), and a commit sha (`sha`, `<object>.sha`, `<object>.head_sha`) too.
 */
export function normalizeOtherEvent(input: NormalizeInput): CorrelatedEvent {
  const { payload, event } = input;
  const repository = repositoryOf(payload);
  const main = readObject(payload, event);
  const mainId = readId(main, "id");
  const refs: EventRef[] = [];
  const pullRequest = readNumber(payload, "pull_request", "number");
  const issue = readNumber(payload, "issue", "number");
  if (repository && pullRequest !== undefined) {
    refs.push({
      key: CorrelationKeys.githubPullRequest(repository, pullRequest),
      evidence: "attachment",
      field: "pull_request",
    });
  }
  if (repository && issue !== undefined) {
    refs.push({
      key: CorrelationKeys.githubNumber(repository, issue),
      evidence: "attachment",
      field: "issue",
    });
  }
  refs.push(
    ...shaRefs(readString(payload, "sha"), "sha"),
    ...shaRefs(readString(main, "sha"), `${event}.sha`),
    ...shaRefs(readString(main, "head_sha"), `${event}.head_sha`),
  );
  return buildGitHubEvent(input, {
    subject: {
      kind: event,
      id: readString(main, "node_id") ?? mainId ?? input.deliveryId,
      key: repository,
      url: readUrl(main, "html_url") ?? readUrl(payload, "repository", "html_url"),
      title: firstLine(main?.title) ?? firstLine(main?.name),
    },
    keys: [mainId && CorrelationKeys.githubObject(event.replace(/_/g, "-"), mainId)],
    refs,
    occurredAt: [main?.updated_at, main?.created_at],
  });
}
