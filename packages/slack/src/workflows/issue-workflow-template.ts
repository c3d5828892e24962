import type { IssuePriority, IssueTracker } from "@contexten/core";
import { escapeMrkdwn } from "../blocks/mrkdwn";
import type { WorkflowTemplate, WorkflowValue } from "./workflow-types";

/** Options of {@link createIssueWorkflowTemplate}. */
export interface IssueWorkflowTemplateOptions {
  /** Where issues are created: a Linear tracker, a GitHub one, … */
  tracker: IssueTracker;
  /** The team or repository to create them in (the tracker's `container`). */
  container?: string | undefined;
  /** Workflow type; default `create_issue`. */
  type?: string | undefined;
  /** Modal title; default `New issue`. */
  title?: string | undefined;
}

const PRIORITIES: readonly { value: IssuePriority; label: string }[] = [
  { value: "urgent", label: "Urgent" },
  { value: "high", label: "High" },
  { value: "normal", label: "Normal" },
  { value: "low", label: "Low" },
];

function text(value: WorkflowValue): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * A ready-made two-step workflow that files an issue through any `IssueTracker` (e.g.
 * `@contexten/linear`'s): step 1 asks for a title (pre-filled from the context's `text`,
 * such as a slash command's) and a description; step 2 for priority and labels. On
 * completion the issue is created and its key and link are shown; the issue is the
 * result's `output.issue`.
 */
export function createIssueWorkflowTemplate(
  options: IssueWorkflowTemplateOptions,
): WorkflowTemplate {
  return {
    type: options.type ?? "create_issue",
    title: options.title ?? "New issue",
    workingMessage: ":hourglass_flowing_sand: Creating the issue…",
    steps: [
      {
        id: "details",
        title: "New issue: details",
        description: "What is the problem?",
        inputs: [
          {
            id: "title",
            label: "Title",
            minLength: 5,
            maxLength: 200,
            placeholder: "Login fails with SSO",
            initial: (session) => {
              const initial = session.context.text;
              return typeof initial === "string" && initial.trim() ? initial.trim() : undefined;
            },
          },
          { id: "description", label: "Description", type: "multiline", required: false },
        ],
      },
      {
        id: "triage",
        title: "New issue: triage",
        inputs: [
          {
            id: "priority",
            label: "Priority",
            type: "select",
            options: PRIORITIES,
            initial: "normal",
          },
          {
            id: "labels",
            label: "Labels",
            required: false,
            hint: "Comma-separated, e.g. bug, auth",
            pattern: /^[\w\s,.-]*$/,
            patternMessage: "Use letters, digits, spaces and commas only.",
          },
        ],
      },
    ],
    async onComplete({ values, session }) {
      const labels = (text(values.labels) ?? "")
        .split(",")
        .map((label) => label.trim())
        .filter(Boolean);
      const issue = await options.tracker.createIssue({
        title: text(values.title) ?? "",
        description: [text(values.description), `_Filed from Slack by <@${session.userId}>._`]
          .filter(Boolean)
          .join("\n\n"),
        priority: (text(values.priority) as IssuePriority | undefined) ?? "normal",
        labels,
        ...(options.container ? { container: options.container } : {}),
      });
      const link = issue.url
        ? `<${issue.url}|${escapeMrkdwn(issue.key)}>`
        : escapeMrkdwn(issue.key);
      return {
        message: `:white_check_mark: Created ${link}: ${escapeMrkdwn(issue.title)}`,
        output: { issue },
      };
    },
  };
}
