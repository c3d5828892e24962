import type { Clock, EventBus, Instrumentation } from "@contexten/core";
import type { SlackClient } from "../client/slack-client";
import type { WorkflowSessionStore } from "./workflow-session-store";
import type { WorkflowResult, WorkflowSession, WorkflowTemplate } from "./workflow-types";

/** Default idle time before a session expires: 30 minutes. */
export const DEFAULT_SESSION_TIMEOUT_MS = 30 * 60_000;

/** Options of {@link InteractiveWorkflowManager}. */
export interface InteractiveWorkflowManagerOptions {
  /** Opens and updates modals (`views.open`, `views.update`). */
  client?: SlackClient | undefined;
  /** Where sessions live; memory by default. */
  store?: WorkflowSessionStore | undefined;
  /** Templates to register. */
  templates?: readonly WorkflowTemplate[] | undefined;
  /** Idle time before a session expires, ms (a template may override it); default 30 minutes. */
  sessionTimeoutMs?: number | undefined;
  /** Time source (inject fake time in tests). */
  clock?: Pick<Clock, "now"> | undefined;
  /** Session ids; default random UUIDs. */
  generateId?: (() => string) | undefined;
  /** Receives `onWorkflowExecution` and `onError`. */
  instrumentation?: Instrumentation | undefined;
  /** Receives `error` for failures with no caller. */
  bus?: EventBus | undefined;
  /** Logs failures nobody else listens to; default `console`. */
  logger?: Pick<Console, "error"> | undefined;
}

/** Called with every finished workflow. */
export type WorkflowCompletionListener = (
  result: WorkflowResult,
  session: WorkflowSession,
) => unknown;

/** Options of {@link InteractiveWorkflowManager.createWorkflowModal}. */
export interface CreateWorkflowModalOptions {
  /** Who the modal is for (the slash command's `user_id`); set from the first submission otherwise. */
  userId?: string | undefined;
  /** Data for the session (channel, the command's text, …). */
  context?: Record<string, unknown> | undefined;
  /** Show an existing session instead of starting one. */
  session?: WorkflowSession | string | undefined;
}

/** Options of {@link InteractiveWorkflowManager.handleWorkflowStep}. */
export interface HandleWorkflowStepOptions {
  /**
   * `response` (default): answer through the `view_submission` ack (`response_action`);
   * `api`: update the modal with `views.update` (e.g. from a button in the modal).
   */
  respondWith?: "response" | "api" | undefined;
  /** The step the submitted view showed; a stale submission is answered with the current step. */
  stepId?: string | undefined;
  /** Who submitted it; must be the session's user. */
  userId?: string | undefined;
  /** The view submitted (recorded on the session). */
  viewId?: string | undefined;
}
