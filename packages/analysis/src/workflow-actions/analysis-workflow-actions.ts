import {
  type AnyWorkflowAction,
  defineWorkflowAction,
  type IssueTracker,
  type Notifier,
} from "@contexten/core";
import type { GitHubClient } from "@contexten/github";
import { z } from "zod";
import type { Finding } from "../analysis-types";
import { analyzePullRequest } from "../analyze-pull-request";
import {
  notifyAnalysis,
  publishCheckRun,
  upsertAnalysisComment,
} from "../delivery/publish-analysis";
import { createIssuesFromAnalysis } from "../issues/create-issues-from-analysis";
import { allFindings } from "../report/findings-of";

/** Options of {@link analysisWorkflowActions}. */
export interface AnalysisWorkflowActionsOptions {
  /** GitHub client: reads the pull request, publishes the check run and the comment. */
  client: GitHubClient;
  /** Where `analysis.createIssues` files issues (Linear, GitHub); without it that action is not offered. */
  tracker?: IssueTracker | undefined;
  /** Sends the summary (for example Slack) when `notify` names a recipient. */
  notifier?: Notifier | undefined;
}

const repository = z
  .string()
  .regex(/^[\w.-]+\/[\w.-]+$/, 'repository must be "owner/repo"')
  .describe("owner/repo");
const number = z.number().int().positive();
const severity = z.enum(["critical", "high", "medium", "low", "info"]);
const finding = z.object({
  category: z.enum(["security", "quality", "performance", "breaking-change"]),
  ruleId: z.string(),
  severity,
  file: z.string(),
  line: z.number().int(),
  message: z.string(),
  fixHint: z.string(),
  fingerprint: z.string().min(1),
});

/**
 * `analysis.analyzePullRequest`: analyses a pull request, publishes a check run with
 * annotations and one PR comment (edited on later runs), and sends the summary to `notify`
 * through the notifier when given. Safe to retry: the comment is found by its marker.
 * Output: `{ summary, headSha, findings, counts, checkRunId, commentId, reviewers }`.
 */
export function analyzePullRequestAction(options: AnalysisWorkflowActionsOptions) {
  return defineWorkflowAction({
    name: "analysis.analyzePullRequest",
    description: "Analyse a pull request, publish a check run and one updated comment.",
    input: z.object({
      repository,
      number,
      publish: z.boolean().default(true),
      notify: z.string().min(1).optional(),
      maxFiles: z.number().int().positive().optional(),
    }),
    async run(input) {
      const analysis = await analyzePullRequest(
        { repository: input.repository, number: input.number },
        { client: options.client, maxFiles: input.maxFiles },
      );
      const findings = allFindings(analysis, analysis.repository);
      const checkRun = input.publish
        ? await publishCheckRun(analysis, { client: options.client })
        : undefined;
      const comment = input.publish
        ? await upsertAnalysisComment(analysis, { client: options.client })
        : undefined;
      if (input.notify && options.notifier) {
        await notifyAnalysis(analysis, options.notifier, input.notify);
      }
      return {
        repository: analysis.repository,
        number: analysis.number,
        summary: analysis.summary,
        headSha: analysis.headSha,
        findings,
        counts: {
          security: analysis.security.length,
          breakingChanges: analysis.breakingChanges.length,
          performance: analysis.performance.length,
          quality: analysis.quality.length,
          notes: analysis.notes.length,
        },
        reviewers: analysis.reviewers.map((reviewer) => reviewer.login),
        checkRunId: checkRun?.id ?? null,
        commentId: comment?.id ?? null,
      };
    },
  });
}

/**
 * `analysis.createIssues`: files one issue per pull request listing its findings at or
 * above `minSeverity` (default `high`); a re-run with no new finding changes nothing, a
 * run with new findings adds them to the same issue.
 * Output: `{ outcome: "created" | "updated" | "existing" | "none", issue: key | null, added }`
 * where `added` counts the findings written now.
 */
export function createIssuesAction(tracker: IssueTracker) {
  return defineWorkflowAction({
    name: "analysis.createIssues",
    description: "File one issue per pull request for its severe findings, updated on new ones.",
    input: z.object({
      repository,
      number,
      findings: z.array(finding),
      minSeverity: severity.optional(),
      container: z.string().min(1).optional(),
    }),
    async run(input) {
      const result = await createIssuesFromAnalysis(
        {
          repository: input.repository,
          number: input.number,
          findings: input.findings as Finding[],
        },
        tracker,
        { minSeverity: input.minSeverity, container: input.container },
      );
      return {
        outcome: result.outcome,
        issue: result.issue?.key ?? null,
        added: result.added.length,
      };
    },
  });
}

/**
 * The analysis actions of a workflow engine: `analysis.analyzePullRequest`, and
 * `analysis.createIssues` when a tracker is given.
 *
 * @example
 * ```ts
 * createWorkflowEngine({ …, actions: [...analysisWorkflowActions({ client: github, tracker: linear })] });
 * ```
 */
export function analysisWorkflowActions(
  options: AnalysisWorkflowActionsOptions,
): AnyWorkflowAction[] {
  return [
    analyzePullRequestAction(options),
    ...(options.tracker ? [createIssuesAction(options.tracker)] : []),
  ];
}
