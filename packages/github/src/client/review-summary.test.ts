import { describe, expect, it } from "vitest";
import type { GitHubReview } from "./github-types";
import { summarizeReviews } from "./review-summary";

let id = 0;
const review = (login: string, state: string, minute: number) =>
  ({
    id: ++id,
    user: { login },
    state,
    submitted_at: new Date(Date.UTC(2030, 0, 1, 9, minute)).toISOString(),
  }) as unknown as GitHubReview;

const none = { requested_reviewers: [], requested_teams: [] };

describe("summarizeReviews", () => {
  it("approves when someone approved, nobody requests changes and nobody is pending", () => {
    expect(summarizeReviews([review("alice", "APPROVED", 1)], none)).toMatchObject({
      approved: ["alice"],
      decision: "approved",
    });
  });

  it("lets the latest deciding review win, whatever the input order", () => {
    const reviews = [review("bob", "APPROVED", 5), review("bob", "CHANGES_REQUESTED", 1)];
    expect(summarizeReviews(reviews, none)).toMatchObject({
      approved: ["bob"],
      changesRequested: [],
    });
  });

  it("drops a dismissed approval and ignores pending reviews", () => {
    const reviews = [
      review("dave", "APPROVED", 1),
      review("dave", "DISMISSED", 2),
      review("erin", "PENDING", 3),
    ];
    expect(summarizeReviews(reviews, none)).toEqual({
      approved: [],
      changesRequested: [],
      commented: [],
      pendingReviewers: [],
      decision: "review_required",
    });
  });

  it("still requires review while someone is requested", () => {
    const summary = summarizeReviews([review("alice", "APPROVED", 1)], {
      requested_reviewers: [{ login: "frank" }],
      requested_teams: [],
    } as never);
    expect(summary).toMatchObject({ pendingReviewers: ["frank"], decision: "review_required" });
  });
});
