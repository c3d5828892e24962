import type { CorrelatedEvent } from "@contexten/core";
import { normalizeCiEvent, normalizeCommitStatus } from "./normalize-ci";
import { normalizeOtherEvent } from "./normalize-generic";
import type { NormalizeInput } from "./normalize-input";
import { normalizeIssue, normalizeIssueComment } from "./normalize-issues";
import { normalizePullRequest, normalizePullRequestReview } from "./normalize-pull-request";
import { normalizePush, normalizeRefChange } from "./normalize-push";

type Normalizer = (input: NormalizeInput) => CorrelatedEvent | undefined;

/** Events with a dedicated normalizer; everything else is stored by {@link normalizeOtherEvent}. */
const NORMALIZERS: ReadonlyMap<string, Normalizer> = new Map(
  Object.entries({
    pull_request: normalizePullRequest,
    pull_request_review: normalizePullRequestReview,
    push: normalizePush,
    create: normalizeRefChange,
    delete: normalizeRefChange,
    check_run: normalizeCiEvent,
    check_suite: normalizeCiEvent,
    workflow_run: normalizeCiEvent,
    workflow_job: normalizeCiEvent,
    status: normalizeCommitStatus,
    issues: normalizeIssue,
    issue_comment: normalizeIssueComment,
  }),
);

/** Event names with a dedicated normalizer. */
export const NORMALIZED_GITHUB_EVENTS: readonly string[] = [...NORMALIZERS.keys()];

/**
 * Turns one GitHub delivery into its `CorrelatedEvent`. A payload without the fields a
 * dedicated normalizer needs (say, a `pull_request` event without `pull_request`) is
 * still stored, through the generic normalizer: GitHub deliveries are never rejected for
 * their shape.
 */
export function normalizeGitHubEvent(input: NormalizeInput): CorrelatedEvent {
  return NORMALIZERS.get(input.event)?.(input) ?? normalizeOtherEvent(input);
}
