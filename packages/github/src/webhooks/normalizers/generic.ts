import { type CorrelatedEvent, CorrelationKeys, type EventRef } from "@contexten/core";
import type { IssueFields, PullRequestFields, RepositoryFields } from "../github-payload";
import { buildEvent, firstLine, repositoryOf, shaRefs, subject, text, webUrl } from "./build-event";
import type { NormalizeInput } from "./normalize-input";

interface MainObject {
  id?: unknown;
  node_id?: unknown;
  html_url?: unknown;
  title?: unknown;
  name?: unknown;
  sha?: unknown;
  head_sha?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
}

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
  const candidate = Object.hasOwn(payload, event) ? payload[event] : undefined;
  const main = (typeof candidate === "object" && candidate !== null ? candidate : undefined) as
    | MainObject
    | undefined;
  const mainId = typeof main?.id === "number" || typeof main?.id === "string" ? main.id : undefined;
  const refs: EventRef[] = [];
  const pullRequest = payload.pull_request as PullRequestFields | undefined;
  const issue = payload.issue as IssueFields | undefined;
  if (repository && typeof pullRequest?.number === "number") {
    refs.push({
      key: CorrelationKeys.githubPullRequest(repository, pullRequest.number),
      evidence: "attachment",
      field: "pull_request",
    });
  }
  if (repository && typeof issue?.number === "number") {
    refs.push({
      key: CorrelationKeys.githubNumber(repository, issue.number),
      evidence: "attachment",
      field: "issue",
    });
  }
  refs.push(
    ...shaRefs(payload.sha, "sha"),
    ...shaRefs(main?.sha, `${event}.sha`),
    ...shaRefs(main?.head_sha, `${event}.head_sha`),
  );
  return buildEvent(input, {
    subject: subject({
      kind: event,
      id: text(main?.node_id) ?? (mainId === undefined ? input.deliveryId : String(mainId)),
      key: repository,
      url:
        webUrl(main?.html_url) ??
        webUrl((payload.repository as RepositoryFields | undefined)?.html_url),
      title: firstLine(main?.title) ?? firstLine(main?.name),
    }),
    keys:
      mainId === undefined ? [] : [CorrelationKeys.githubObject(event.replace(/_/g, "-"), mainId)],
    refs,
    occurredAt: [main?.updated_at, main?.created_at],
  });
}
