import {
  type AnyWorkflowAction,
  CorrelationKeys,
  defineWorkflowAction,
  type WorkflowDefinitionInput,
} from "@contexten/core";
import type { GitHubClient } from "@contexten/github";
import { z } from "zod";
import { readPullRequestFacts } from "./pull-request-facts";

/**
 * The service's reaction to a pull request that works on a Linear issue, as a workflow
 * definition (data, not code): notify Slack, attach the PR to the Linear issues, wait
 * (durably, for up to 30 days) for the merge, then mark the Slack thread "Completed" with
 * who merged and who approved. Runs only for PRs that reference a Linear issue.
 */
export function linkedPullRequestWorkflow(channel: string): WorkflowDefinitionInput {
  return {
    id: "linked-pull-request",
    name: "Linked pull request",
    description:
      "When a PR that references a Linear issue opens: notify Slack and attach the PR to the issue. When it merges: mark the Slack thread completed.",
    triggerPatterns: [{ type: ["github.pull_request.opened", "github.pull_request.reopened"] }],
    conditions: [{ path: "refs.*.key", operator: "matches", value: "^linear:issue:" }],
    timeoutMinutes: 30 * 24 * 60,
    steps: [
      { id: "facts", name: "Read the pull request", action: "service.pullRequestFacts" },
      {
        id: "notify",
        name: "Post a rich Slack notification",
        action: "slack.sendNotification",
        dependsOn: ["facts"],
        when: [{ path: "steps.facts.output.linearIssues.0", operator: "exists" }],
        input: {
          channel,
          title: "PR opened: {{steps.facts.output.title}}",
          message:
            "{{steps.facts.output.author}} opened {{steps.facts.output.key}}, which works on {{steps.facts.output.issueList}}.",
          url: "{{steps.facts.output.url}}",
          fields: [
            { label: "Repository", value: "{{steps.facts.output.repository}}" },
            { label: "Branch", value: "{{steps.facts.output.branch}}" },
            { label: "Linear", value: "{{steps.facts.output.issueList}}" },
          ],
          actions: [
            {
              id: "open_pull_request",
              label: "Open the PR",
              url: "{{steps.facts.output.url}}",
              style: "primary",
            },
          ],
        },
      },
      {
        id: "attach",
        name: "Attach the PR to the Linear issues",
        action: "linear.attachPullRequest",
        dependsOn: ["facts", "notify"],
        input: { issues: "{{steps.facts.output.linearIssues}}", url: "{{steps.facts.output.url}}" },
      },
      {
        id: "merged",
        name: "Wait for the merge",
        action: "contexten.awaitEvent",
        dependsOn: ["facts", "notify"],
        input: {
          pattern: { type: "github.pull_request.merged" },
          key: "{{steps.facts.output.pullRequestKey}}",
        },
      },
      {
        id: "summary",
        name: "Summarize the merge and reviews",
        action: "service.mergeSummary",
        dependsOn: ["facts", "merged"],
        input: {
          repository: "{{steps.facts.output.repository}}",
          number: "{{steps.facts.output.number}}",
          mergedBy: "{{steps.merged.output.event.payload.pull_request.merged_by.login}}",
        },
      },
      {
        id: "completed",
        name: "Mark the Slack thread completed",
        action: "slack.updateThreadStatus",
        dependsOn: ["notify", "summary"],
        input: {
          channel: "{{steps.notify.output.channel}}",
          ts: "{{steps.notify.output.ts}}",
          status: "completed",
          text: "{{steps.summary.output.text}}",
        },
      },
    ],
  };
}

/**
 * `POST /api/v1/workflows/trigger` with `{ "workflowId": "github-actions-dispatch", "input":
 * { "repository", "workflow", "ref"?, "inputs"? } }`: runs a GitHub Actions workflow
 * through the `github.triggerWorkflow` action (manual only: no trigger patterns).
 */
export const GITHUB_ACTIONS_DISPATCH_WORKFLOW: WorkflowDefinitionInput = {
  id: "github-actions-dispatch",
  name: "Run a GitHub Actions workflow",
  description: "Dispatches a workflow_dispatch GitHub Actions workflow and records its run.",
  steps: [
    {
      id: "dispatch",
      name: "Dispatch",
      action: "github.triggerWorkflow",
      input: {
        repository: "{{input.repository}}",
        workflow: "{{input.workflow}}",
        ref: "{{input.ref}}",
        inputs: "{{input.inputs}}",
      },
    },
  ],
};

/**
 * The service's own actions: `service.pullRequestFacts` reads the trigger (a pull request
 * event) into the facts the steps use; `service.mergeSummary` says who merged and who
 * approved.
 */
export function serviceWorkflowActions(github: GitHubClient): AnyWorkflowAction[] {
  return [
    defineWorkflowAction({
      name: "service.pullRequestFacts",
      description: "The pull request facts of the trigger event.",
      input: z.object({}),
      run: (_input, context) => {
        const facts = context.trigger ? readPullRequestFacts(context.trigger) : undefined;
        if (!facts) {
          throw Object.assign(new Error("The trigger is not a pull request event."), {
            retryable: false,
          });
        }
        return {
          ...facts,
          issueList: facts.linearIssues.join(", "),
          pullRequestKey: CorrelationKeys.githubPullRequest(facts.repository, facts.number),
        };
      },
    }),
    defineWorkflowAction({
      name: "service.mergeSummary",
      description: "Who merged a pull request and who approved it.",
      input: z.object({
        repository: z.string().min(1),
        number: z.number().int().positive(),
        mergedBy: z.string().optional(),
      }),
      async run(input) {
        const { summary } = await github.getPullRequestReviews(input.repository, input.number);
        const approvals =
          summary.approved.length > 0 ? `, approved by ${summary.approved.join(", ")}` : "";
        return { text: `Merged by ${input.mergedBy ?? "someone"}${approvals}` };
      },
    }),
  ];
}
