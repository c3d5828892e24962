import type { ModalView } from "@slack/web-api";
import type { SlackClient } from "../client/slack-client";
import type { ViewSubmissionResponse } from "../webhooks/slack-handlers";

/** A submitted value: text, a selection, several selections, or nothing. */
export type WorkflowValue = string | string[] | undefined;

/** Submitted values of one step, by input id. */
export type WorkflowValues = Record<string, WorkflowValue>;

/** Kinds of input a workflow step can ask for, each a Block Kit input element. */
export type WorkflowInputType =
  | "text"
  | "multiline"
  | "number"
  | "url"
  | "email"
  | "select"
  | "multiselect"
  | "date"
  | "user"
  | "channel";

/** One input of a step (a Block Kit `input` block; its id is both `block_id` and `action_id`). */
export interface WorkflowInput {
  /** Id, unique within the step: letters, digits, `_`, `-`, `.`. */
  id: string;
  /** Label shown above the input. */
  label: string;
  /** What to ask for; default `text`. */
  type?: WorkflowInputType | undefined;
  /** Must be filled in (default true). */
  required?: boolean | undefined;
  /** Placeholder text (at most 150 characters). */
  placeholder?: string | undefined;
  /** Help below the input. */
  hint?: string | undefined;
  /** Choices of a `select` / `multiselect` (value at most 150 characters, label at most 75). */
  options?: readonly { value: string; label: string }[] | undefined;
  /** Pre-filled value, or a function of the session (e.g. the slash command's text). */
  initial?: WorkflowValue | ((session: WorkflowSession) => WorkflowValue) | undefined;
  /** Shortest accepted text. */
  minLength?: number | undefined;
  /** Longest accepted text (also enforced by Slack's input). */
  maxLength?: number | undefined;
  /** Smallest accepted number (`number` inputs). */
  min?: number | undefined;
  /** Largest accepted number (`number` inputs). */
  max?: number | undefined;
  /** Text must match this. */
  pattern?: RegExp | undefined;
  /** Error shown when `pattern` does not match. */
  patternMessage?: string | undefined;
  /** Custom check: return an error message, or undefined when the value is fine. */
  validate?:
    | ((
        value: WorkflowValue,
        values: WorkflowValues,
        session: WorkflowSession,
      ) => string | undefined)
    | undefined;
}

/** One modal of a multi-step workflow. */
export interface WorkflowTemplateStep {
  /** Id, unique within the template. */
  id: string;
  /** Modal title for this step (at most 24 characters); default the template's. */
  title?: string;
  /** Text (mrkdwn) shown above the inputs. */
  description?: string;
  /** Submit button text; default `Next`, or `Submit` on the last step. */
  submitLabel?: string;
  /** The inputs. */
  inputs: readonly WorkflowInput[];
  /** Checks across inputs: return error messages by input id, or undefined. */
  validate?: (
    values: WorkflowValues,
    session: WorkflowSession,
  ) => Record<string, string> | undefined;
}

/** What a completion handler reports. */
export interface WorkflowCompletion {
  /** Shown in the modal when the workflow is done (mrkdwn). */
  message?: string;
  /** Anything the workflow produced (the created issue, …), kept on the result. */
  output?: Record<string, unknown>;
}

/** What a completion handler gets. */
export interface WorkflowCompletionInput {
  /** The session being completed. */
  session: WorkflowSession;
  /** Every step's values merged (later steps win on a shared id). */
  values: WorkflowValues;
  /** Values by step id. */
  stepValues: Record<string, WorkflowValues>;
  /** The Web API client, when the manager has one. */
  client: SlackClient | undefined;
}

/** Runs when a workflow's last step is submitted: the action the workflow exists for. */
export type WorkflowCompletionHandler = (
  input: WorkflowCompletionInput,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler may report nothing.
) => WorkflowCompletion | void | Promise<WorkflowCompletion | void>;

/** A declarative multi-step modal workflow. */
export interface WorkflowTemplate {
  /** The workflow type, e.g. `create_issue`: letters, digits, `_`, `-`, `.`. */
  type: string;
  /** Modal title (at most 24 characters). */
  title: string;
  /** The steps, in order; at least one. */
  steps: readonly WorkflowTemplateStep[];
  /** Idle time after which a session expires, ms; default the manager's (30 minutes). */
  timeoutMs?: number;
  /** Shown while the completion runs; default `Working on it…`. */
  workingMessage?: string;
  /** The action to run on completion (create an issue, start a deploy, …). */
  onComplete?: WorkflowCompletionHandler;
}

/** State of a workflow session. */
export type WorkflowSessionStatus =
  | "active"
  | "completing"
  | "completed"
  | "failed"
  | "canceled"
  | "expired";

/** One person's run through a workflow. */
export interface WorkflowSession {
  /** Session id; modals carry it in `private_metadata`. */
  id: string;
  /** The template's type. */
  workflowType: string;
  /** Who runs it. */
  userId: string;
  /** State. */
  status: WorkflowSessionStatus;
  /** Index of the current step. */
  stepIndex: number;
  /** Values submitted so far, by step id. */
  values: Record<string, WorkflowValues>;
  /** Data given at start (channel, the command's text, …). */
  context: Record<string, unknown>;
  /** The modal showing the workflow, once opened. */
  viewId?: string;
  /** Created. */
  createdAt: Date;
  /** Last changed. */
  updatedAt: Date;
  /** Expires unless it moves on before then (sliding: every step extends it). */
  expiresAt: Date;
  /** The outcome, once completed or failed. */
  result?: WorkflowResult;
}

/** What {@link InteractiveWorkflowManager.handleWorkflowStep} decided. */
export interface WorkflowStepResult {
  /** The session. */
  sessionId: string;
  /**
   * `invalid`: errors to show; `next`: the next step's view; `submitted`: the last step was
   * accepted and the completion runs; `expired` / `closed`: the session can no longer move.
   */
  status: "invalid" | "next" | "submitted" | "expired" | "closed";
  /** Errors by input id (`invalid`). */
  errors?: Record<string, string>;
  /** The view to show next. */
  view?: ModalView;
  /** The answer for the `view_submission` ack (`response_action`), when answering that way. */
  response?: ViewSubmissionResponse;
  /** The session after the step, when it exists. */
  session?: WorkflowSession;
}

/** How a workflow ended. */
export interface WorkflowResult {
  /** The session. */
  sessionId: string;
  /** The template's type. */
  workflowType: string;
  /** Who ran it. */
  userId: string;
  /** `completed`, or `failed` when the completion handler threw. */
  status: "completed" | "failed";
  /** Every step's values merged. */
  values: WorkflowValues;
  /** Values by step id. */
  stepValues: Record<string, WorkflowValues>;
  /** What the completion produced. */
  output?: Record<string, unknown>;
  /** Message shown to the person. */
  message?: string;
  /** Why it failed. */
  error?: string;
  /** When it ended. */
  completedAt: Date;
}

/** A modal opened for a workflow. */
export interface SlackModal {
  /** Slack's view id. */
  viewId: string;
  /** The session it shows. */
  sessionId: string;
  /** The view as sent. */
  view: ModalView;
}
