import type { GitHubClient } from "@contexten/github";
import type { BreakingChange, PullRequestAnalysis, ReviewerSuggestion } from "./analysis-types";
import { type AnalyzeChangedFilesOptions, analyzeChangedFiles } from "./analyze-changed-files";
import { detectBreakingChangesInFiles } from "./breaking/detect-breaking-changes";
import {
  type PullRequestRef,
  type PullRequestSnapshot,
  readPullRequest,
} from "./pull-request/read-pull-request";
import { allFindings, recommend, summarize } from "./report/findings-of";
import { type SuggestReviewersOptions, suggestReviewersFor } from "./reviewers/suggest-reviewers";

/** Options of {@link analyzePullRequest}. */
export interface AnalyzePullRequestOptions
  extends Omit<AnalyzeChangedFilesOptions, "repository" | "maxFiles"> {
  /** The GitHub client every read goes through (its rate limiter and cache apply). */
  client: GitHubClient;
  /** At most this many files are read and analysed (default 300; source files first). */
  maxFiles?: number | undefined;
  /** Reviewer suggestion settings; `false` skips suggestions. */
  reviewers?: Omit<SuggestReviewersOptions, "client"> | false | undefined;
}

/** What {@link detectBreakingChanges} and {@link suggestReviewers} accept. */
export type PullRequestInput = PullRequestRef | PullRequestSnapshot;

async function snapshotOf(
  pr: PullRequestInput,
  client: GitHubClient,
  maxFiles?: number,
): Promise<PullRequestSnapshot> {
  return "files" in pr ? pr : readPullRequest(pr, { client, maxFiles });
}

/**
 * Analyses a pull request: reads its changed files (base and head) through the GitHub
 * client, then finds secrets and dangerous calls it adds, complexity of the functions it
 * changes, performance hints, breaking changes of the exported API, and suggests
 * reviewers; findings are ranked into recommendations and a one-paragraph summary.
 * Large pull requests are capped with a note; files that cannot be analysed get notes.
 *
 * @example
 * const analysis = await analyzePullRequest({ repository: "acme/api", number: 42 }, { client: github });
 * console.log(analysis.summary);
 */
export async function analyzePullRequest(
  pr: PullRequestInput,
  options: AnalyzePullRequestOptions,
): Promise<PullRequestAnalysis> {
  const snapshot = await snapshotOf(pr, options.client, options.maxFiles);
  const analysis = await analyzeChangedFiles(snapshot.files, {
    ...options,
    repository: snapshot.repository,
    maxFiles: Number.POSITIVE_INFINITY,
  });
  analysis.notes.unshift(...snapshot.notes);
  analysis.stats.filesChanged = snapshot.totalFiles;
  const reviewers: ReviewerSuggestion[] =
    options.reviewers === false
      ? []
      : await suggestReviewersFor(snapshot, { ...options.reviewers, client: options.client });
  const findings = allFindings(analysis, snapshot.repository);
  return {
    ...analysis,
    repository: snapshot.repository,
    number: snapshot.number,
    headSha: snapshot.headSha,
    baseSha: snapshot.baseSha,
    author: snapshot.author,
    reviewers,
    recommendations: recommend(findings),
    summary: summarize(analysis, findings, reviewers),
  };
}

/**
 * The breaking changes of a pull request's exported TypeScript / JavaScript API and
 * `package.json` export subpaths, between its base and head.
 */
export async function detectBreakingChanges(
  pr: PullRequestInput,
  options: { client: GitHubClient; maxFiles?: number | undefined },
): Promise<BreakingChange[]> {
  const snapshot = await snapshotOf(pr, options.client, options.maxFiles);
  return detectBreakingChangesInFiles(snapshot.files);
}

/** Suggested reviewers of a pull request, each with the reasons (see `suggestReviewersFor`). */
export async function suggestReviewers(
  pr: PullRequestInput,
  options: SuggestReviewersOptions,
): Promise<ReviewerSuggestion[]> {
  return suggestReviewersFor(await snapshotOf(pr, options.client), options);
}
