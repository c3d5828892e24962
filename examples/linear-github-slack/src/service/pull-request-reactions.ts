import {
  type CorrelatedEvent,
  type CorrelationEngine,
  CorrelationKeys,
  deriveEventId,
  type EventStore,
  EventTypes,
  type WorkflowDefinition,
  type WorkflowRecord,
  type WorkflowStore,
  workflowDefinitionSchema,
} from "@contexten/core";
import type { GitHubClient } from "@contexten/github";
import type { LinearIssueTracker } from "@contexten/linear";
import type { SlackNotifier } from "@contexten/slack";
import { KeyedSerialQueue } from "./keyed-serial-queue";
import { type PullRequestFacts, readPullRequestFacts } from "./pull-request-facts";

/** The workflow the reactions run for every pull request linked to a Linear issue. */
export const PULL_REQUEST_WORKFLOW: WorkflowDefinition = workflowDefinitionSchema.parse({
  id: "linked-pull-request",
  name: "Linked pull request",
  description:
    "When a PR that references a Linear issue opens: notify Slack and attach the PR to the issue. When it merges: update the Slack thread's status.",
  triggerPatterns: [{ type: ["github.pull_request.opened", "github.pull_request.reopened"] }],
  steps: [
    { id: "notify", name: "Post a rich Slack notification", action: "slack.notify" },
    {
      id: "attach",
      name: "Attach the PR to the Linear issue",
      action: "linear.attach_pull_request",
    },
    {
      id: "merged",
      name: "Mark the Slack thread merged",
      action: "slack.update_thread_status",
      dependsOn: ["notify"],
    },
  ],
});

/** State the workflow run keeps between "opened" and "merged". */
interface LinkedPullRequestState extends Record<string, unknown> {
  pullRequest: string;
  url: string;
  linearIssues: string[];
  slack: { channel: string; ts: string };
}

/** Options of {@link createPullRequestReactions}. */
export interface PullRequestReactionsOptions {
  /** Events and workflow runs. */
  store: EventStore & WorkflowStore;
  /** Correlates the workflow's own events with the PR. */
  engine: CorrelationEngine;
  /** Posts to Slack. */
  notifier: SlackNotifier;
  /** Channel id for notifications. */
  channel: string;
  /** Attaches PRs to Linear issues. */
  linear: LinearIssueTracker;
  /** Reads review summaries for the merge message (optional). */
  github?: GitHubClient;
  /** Clock for workflow timestamps. */
  now?: () => Date;
}

/** Reacts to stored, correlated GitHub events. */
export interface PullRequestReactions {
  /** Call for every stored event after correlation; ignores events it does not handle. */
  onEvent(event: CorrelatedEvent): Promise<void>;
}

/**
 * The service's reactions:
 *
 * - a pull request that references a Linear issue opens → a rich Slack notification (its
 *   thread is remembered in a workflow run) and the PR attached to each Linear issue;
 * - that pull request merges → the Slack thread's root message shows "Completed" and a
 *   reply says who merged it and who approved.
 *
 * Each step is idempotent per pull request (the workflow run's id is derived from the PR),
 * and reactions of one PR run one at a time, so redelivered or reordered webhooks do not
 * post twice.
 */
export function createPullRequestReactions(
  options: PullRequestReactionsOptions,
): PullRequestReactions {
  const now = options.now ?? (() => new Date());
  const queue = new KeyedSerialQueue();

  async function recordWorkflowEvent(
    type: string,
    run: WorkflowRecord,
    trigger: CorrelatedEvent,
    facts: PullRequestFacts,
  ): Promise<void> {
    const at = now();
    const event: CorrelatedEvent = {
      id: deriveEventId("contexten", run.id, type),
      type,
      platform: "contexten",
      occurredAt: at,
      receivedAt: at,
      deliveryId: null,
      subject: {
        kind: "workflow",
        id: run.id,
        key: run.name,
        title: `${run.name} for ${facts.key}`,
      },
      keys: [`contexten:workflow:${run.id}`],
      refs: [
        {
          key: CorrelationKeys.githubPullRequest(facts.repository, facts.number),
          evidence: "attachment",
          field: "workflow.trigger",
        },
      ],
      payload: { workflow: run.name, status: run.status, state: run.state },
      correlationId: null,
      parentEventId: trigger.id,
      workflowId: run.id,
    };
    await options.store.append(event);
    await options.engine.processStoredEvent(event);
  }

  async function onOpened(event: CorrelatedEvent, facts: PullRequestFacts): Promise<void> {
    if (facts.linearIssues.length === 0) return;
    const runId = deriveEventId("workflow", PULL_REQUEST_WORKFLOW.id, facts.key);
    if (await options.store.getWorkflow(runId)) return;

    const issueList = facts.linearIssues.join(", ");
    const message = await options.notifier.sendRichNotification(options.channel, {
      title: `PR opened: ${facts.title}`,
      message: `${facts.author} opened ${facts.key}, which works on ${issueList}.`,
      priority: "normal",
      url: facts.url,
      fields: [
        { label: "Repository", value: facts.repository },
        { label: "Branch", value: facts.branch },
        { label: "Linear", value: issueList },
      ],
      actions: [
        { id: "open_pull_request", label: "Open the PR", url: facts.url, style: "primary" },
      ],
    });
    for (const identifier of facts.linearIssues) {
      await options.linear.linkPullRequest(identifier, facts.url);
    }
    const state: LinkedPullRequestState = {
      pullRequest: facts.key,
      url: facts.url,
      linearIssues: facts.linearIssues,
      slack: { channel: message.channel, ts: message.ts },
    };
    const run: WorkflowRecord = {
      id: runId,
      name: PULL_REQUEST_WORKFLOW.name,
      definition: PULL_REQUEST_WORKFLOW,
      status: "waiting",
      triggerEventId: event.id,
      state,
      createdAt: now(),
      updatedAt: now(),
    };
    await options.store.saveWorkflow(run);
    await recordWorkflowEvent(EventTypes.WORKFLOW_STARTED, run, event, facts);
  }

  async function onMerged(event: CorrelatedEvent, facts: PullRequestFacts): Promise<void> {
    const runId = deriveEventId("workflow", PULL_REQUEST_WORKFLOW.id, facts.key);
    const run = await options.store.getWorkflow(runId);
    if (!run || run.status === "completed") return;
    const state = run.state as LinkedPullRequestState;
    let approvals = "";
    if (options.github) {
      const { summary } = await options.github.getPullRequestReviews(
        facts.repository,
        facts.number,
      );
      if (summary.approved.length > 0) approvals = `, approved by ${summary.approved.join(", ")}`;
    }
    await options.notifier.updateThreadStatus(state.slack.channel, state.slack.ts, {
      status: "completed",
      text: `Merged by ${facts.mergedBy ?? "someone"}${approvals}`,
    });
    const completed = await options.store.updateWorkflowStatus(runId, "completed", {
      mergedBy: facts.mergedBy ?? null,
    });
    await recordWorkflowEvent(EventTypes.WORKFLOW_COMPLETED, completed, event, facts);
  }

  return {
    async onEvent(event) {
      if (!event.type.startsWith("github.pull_request.")) return;
      const facts = readPullRequestFacts(event);
      if (!facts) return;
      if (
        event.type === "github.pull_request.opened" ||
        event.type === "github.pull_request.reopened"
      ) {
        await queue.run(facts.key, () => onOpened(event, facts));
      } else if (event.type === EventTypes.GITHUB_PR_MERGED) {
        await queue.run(facts.key, () => onMerged(event, facts));
      }
    },
  };
}
