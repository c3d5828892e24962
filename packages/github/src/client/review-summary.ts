import type { GitHubPullRequest, GitHubReview } from "./github-types";

/** Where a pull request's reviews stand. */
export interface ReviewSummary {
  /** Reviewers whose latest deciding review approves. */
  approved: string[];
  /** Reviewers whose latest deciding review requests changes. */
  changesRequested: string[];
  /** Reviewers who only commented. */
  commented: string[];
  /** Users and teams (`@team-slug`) whose review is requested and not given yet. */
  pendingReviewers: string[];
  /**
   * `changes_requested` when anyone's latest review requests changes, `approved` when at
   * least one approves and nobody requests changes or is still asked to review,
   * `review_required` otherwise.
   */
  decision: "approved" | "changes_requested" | "review_required";
}

/** A pull request's reviews and their summary. */
export interface PullRequestReviews {
  /** Every review, oldest first. */
  reviews: GitHubReview[];
  /** Who approved, who asked for changes, who is still to review. */
  summary: ReviewSummary;
}

/** The part of a pull request the summary reads. */
export type ReviewRequests = Pick<GitHubPullRequest, "requested_reviewers" | "requested_teams">;

const DECIDING = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

/**
 * Summarizes reviews the way GitHub shows them: per reviewer the latest *deciding* review
 * wins (approve, request changes, or a dismissal that cancels it); a later plain comment
 * does not undo an approval; pending (unsubmitted) reviews are ignored. Pending reviewers
 * are the pull request's requested users and teams: GitHub removes a user from that list
 * when they review and adds them back when a review is re-requested.
 */
export function summarizeReviews(
  reviews: readonly GitHubReview[],
  pullRequest: ReviewRequests,
): ReviewSummary {
  const ordered = [...reviews].sort(
    (a, b) =>
      Date.parse(a.submitted_at ?? "") - Date.parse(b.submitted_at ?? "") ||
      Number(a.id) - Number(b.id),
  );
  const decided = new Map<string, string>();
  const commentedOnly = new Set<string>();
  for (const review of ordered) {
    const login = review.user?.login;
    if (!login || review.state === "PENDING") continue;
    if (DECIDING.has(review.state)) {
      decided.set(login, review.state);
      commentedOnly.delete(login);
    } else if (review.state === "COMMENTED" && !decided.has(login)) {
      commentedOnly.add(login);
    }
  }
  const withState = (state: string) =>
    [...decided].filter(([, value]) => value === state).map(([login]) => login);
  const pendingReviewers = [
    ...(pullRequest.requested_reviewers ?? []).map((user) => user.login),
    ...(pullRequest.requested_teams ?? []).map((team) => `@${team.slug}`),
  ];
  const approved = withState("APPROVED");
  const changesRequested = withState("CHANGES_REQUESTED");
  const decision =
    changesRequested.length > 0
      ? "changes_requested"
      : approved.length > 0 && pendingReviewers.length === 0
        ? "approved"
        : "review_required";
  return {
    approved,
    changesRequested,
    commented: [...commentedOnly],
    pendingReviewers,
    decision,
  };
}
