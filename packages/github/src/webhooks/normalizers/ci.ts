import {
  type CorrelatedEvent,
  CorrelationKeys,
  type EventRef,
  extractBranchReferences,
} from "@contexten/core";
import type { CiFields } from "../github-payload";
import {
  buildEvent,
  linkedPullRequestRefs,
  repositoryOf,
  shaRefs,
  subject,
  text,
  webUrl,
} from "./build-event";
import { extractionOptions, type NormalizeInput } from "./normalize-input";

/** The CI events with their own normalizer. */
export type CiEventName = "check_run" | "check_suite" | "workflow_run" | "workflow_job";

/** How each CI event names its object, its key kind and its place in the payload. */
const CI_OBJECTS: Readonly<Record<CiEventName, { field: string; keyKind: string }>> = {
  check_run: { field: "check_run", keyKind: "check-run" },
  check_suite: { field: "check_suite", keyKind: "check-suite" },
  workflow_run: { field: "workflow_run", keyKind: "workflow-run" },
  workflow_job: { field: "workflow_job", keyKind: "workflow-job" },
};

function branchRefs(input: NormalizeInput, branch: unknown, repository: string, field: string) {
  const name = text(branch);
  return name
    ? extractBranchReferences(name, repository, { ...extractionOptions(input.references), field })
    : [];
}

function objectRef(kind: string, id: unknown, field: string): EventRef[] {
  return typeof id === "number" || (typeof id === "string" && id !== "")
    ? [{ key: CorrelationKeys.githubObject(kind, id), evidence: "attachment", field }]
    : [];
}

function titleOf(event: CiEventName, ci: CiFields): string {
  const name = text(ci.name) ?? event.replace("_", " ");
  const run = typeof ci.run_number === "number" ? ` #${ci.run_number}` : "";
  return `${name}${run}: ${text(ci.conclusion) ?? text(ci.status) ?? "unknown"}`;
}

/**
 * `check_run`, `check_suite`, `workflow_run`, `workflow_job`: the CI object's own key
 * (`github:check-run:<id>` …); refs to the head sha (evidence `sha`, which links the run
 * to its pull request and push), the head branch (and the Linear issues in its name), the
 * pull requests GitHub attached (`attachment`), and the enclosing suite or run.
 */
export function normalizeCiEvent(input: NormalizeInput): CorrelatedEvent | undefined {
  const event = input.event as CiEventName;
  const spec = CI_OBJECTS[event];
  const ci = input.payload[spec.field] as CiFields | undefined;
  const repository = repositoryOf(input.payload);
  if (!repository || !ci || (typeof ci.id !== "number" && typeof ci.id !== "string")) {
    return undefined;
  }
  const field = spec.field;
  const suite = ci.check_suite ?? undefined;
  const url = webUrl(ci.html_url);
  const branchRepository = text(ci.head_repository?.full_name) ?? repository;
  return buildEvent(input, {
    subject: subject({
      kind: event,
      id: text(ci.node_id) ?? String(ci.id),
      key: `${repository} ${text(ci.name) ?? ci.id}`,
      url,
      title: titleOf(event, ci),
    }),
    keys: [
      CorrelationKeys.githubObject(spec.keyKind, ci.id),
      ...(url ? [CorrelationKeys.url(url)] : []),
    ],
    refs: [
      ...shaRefs(ci.head_sha ?? suite?.head_sha, `${field}.head_sha`),
      ...branchRefs(
        input,
        ci.head_branch ?? suite?.head_branch,
        branchRepository,
        `${field}.head_branch`,
      ),
      ...linkedPullRequestRefs(
        ci.pull_requests ?? suite?.pull_requests,
        repository,
        `${field}.pull_requests`,
      ),
      ...objectRef("check-suite", suite?.id ?? ci.check_suite_id, `${field}.check_suite`),
      ...objectRef("workflow-run", ci.run_id, `${field}.run_id`),
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
  if (!repository || typeof payload.id !== "number") return undefined;
  const context = text(payload.context) ?? "status";
  return buildEvent(input, {
    subject: subject({
      kind: "status",
      id: String(payload.id),
      key: `${repository} ${context}`,
      url: webUrl(payload.target_url),
      title: `${context}: ${text(payload.state) ?? "unknown"}`,
    }),
    keys: [CorrelationKeys.githubObject("status", payload.id)],
    refs: shaRefs(payload.sha, "sha"),
    occurredAt: [payload.updated_at, payload.created_at],
  });
}
