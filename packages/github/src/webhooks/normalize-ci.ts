import { type CorrelatedEvent, CorrelationKeys, type EventRef } from "@contexten/core";
import {
  readId,
  readNumber,
  readObject,
  readString,
  readUrl,
  readValue,
} from "@contexten/core/adapter";
import { buildGitHubEvent } from "./github-event-base";
import { branchRefs, linkedPullRequestRefs, repositoryOf, shaRefs } from "./github-refs";
import type { NormalizeInput } from "./normalize-input";

/** The CI events with their own normalizer. */
export type CiEventName = "check_run" | "check_suite" | "workflow_run" | "workflow_job";

/** How each CI event names its object's key kind. */
const KEY_KINDS: Readonly<Record<CiEventName, string>> = {
  check_run: "check-run",
  check_suite: "check-suite",
  workflow_run: "workflow-run",
  workflow_job: "workflow-job",
};

function objectRef(kind: string, id: string | undefined, field: string): EventRef[] {
  return id === undefined
    ? []
    : [{ key: CorrelationKeys.githubObject(kind, id), evidence: "attachment", field }];
}

function titleOf(event: CiEventName, ci: Record<string, unknown>): string {
  const name = readString(ci, "name") ?? event.replace("_", " ");
  const runNumber = readNumber(ci, "run_number");
  const run = runNumber === undefined ? "" : ` #${runNumber}`;
  return `${name}${run}: ${readString(ci, "conclusion") ?? readString(ci, "status") ?? "unknown"}`;
}

/**
 * `check_run`, `check_suite`, `workflow_run`, `workflow_job`: the CI object's own key
 * (`github:check-run:<id>` …); refs to the head sha (evidence `sha`, which links the run
 * to its pull request and push), the head branch (and the Linear issues in its name), the
 * pull requests GitHub attached (`attachment`), and the enclosing suite or run.
 */
export function normalizeCiEvent(input: NormalizeInput): CorrelatedEvent | undefined {
  const event = input.event as CiEventName;
  const field = event;
  const ci = readObject(input.payload, field);
  const repository = repositoryOf(input.payload);
  const id = readId(ci, "id");
  if (!ci || !repository || id === undefined) return undefined;
  const suite = readObject(ci, "check_suite");
  const url = readUrl(ci, "html_url");
  const branchRepository = readString(ci, "head_repository", "full_name") ?? repository;
  return buildGitHubEvent(input, {
    subject: {
      kind: event,
      id: readString(ci, "node_id") ?? id,
      key: `${repository} ${readString(ci, "name") ?? id}`,
      url,
      title: titleOf(event, ci),
    },
    keys: [CorrelationKeys.githubObject(KEY_KINDS[event], id), url && CorrelationKeys.url(url)],
    refs: [
      ...shaRefs(readString(ci, "head_sha") ?? readString(suite, "head_sha"), `${field}.head_sha`),
      ...branchRefs(
        input,
        readString(ci, "head_branch") ?? readString(suite, "head_branch"),
        branchRepository,
        { field: `${field}.head_branch` },
      ),
      ...linkedPullRequestRefs(
        readValue(ci, "pull_requests") ?? readValue(suite, "pull_requests"),
        repository,
        `${field}.pull_requests`,
      ),
      ...objectRef(
        "check-suite",
        readId(suite, "id") ?? readId(ci, "check_suite_id"),
        `${field}.check_suite`,
      ),
      ...objectRef("workflow-run", readId(ci, "run_id"), `${field}.run_id`),
    ],
    occurredAt: [ci.completed_at, ci.updated_at, ci.started_at, ci.created_at],
  });
}

/**
 * `status` (commit statuses of external CI): `github.status.received`, keyed by the status
 * id, referring to the commit it reports on.
 */
export function normalizeCommitStatus(input: NormalizeInput): CorrelatedEvent | undefined {
  const { payload } = input;
  const repository = repositoryOf(payload);
  const id = readId(payload, "id");
  if (!repository || id === undefined) return undefined;
  const context = readString(payload, "context") ?? "status";
  return buildGitHubEvent(input, {
    subject: {
      kind: "status",
      id,
      key: `${repository} ${context}`,
      url: readUrl(payload, "target_url"),
      title: `${context}: ${readString(payload, "state") ?? "unknown"}`,
    },
    keys: [CorrelationKeys.githubObject("status", id)],
    refs: shaRefs(readString(payload, "sha"), "sha"),
    occurredAt: [payload.updated_at, payload.created_at],
  });
}
