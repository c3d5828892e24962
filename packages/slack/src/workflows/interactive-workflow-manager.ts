import { randomUUID } from "node:crypto";
import {
  type Clock,
  ConfigurationError,
  NotFoundError,
  systemClock,
  ValidationError,
} from "@contexten/core";
import { emitInstrumentation, reportError } from "@contexten/core/adapter";
import type { ModalView } from "@slack/web-api";
import type { SlackClient } from "../client/slack-client";
import { runCompletion } from "./workflow-completion";
import { type InteractiveHandlerTarget, registerWorkflowHandlers } from "./workflow-handlers";
import type {
  CreateWorkflowModalOptions,
  HandleWorkflowStepOptions,
  InteractiveWorkflowManagerOptions,
  WorkflowCompletionListener,
} from "./workflow-manager-options";
import { DEFAULT_SESSION_TIMEOUT_MS } from "./workflow-manager-options";
import { MemoryWorkflowSessionStore, type WorkflowSessionStore } from "./workflow-session-store";
import type {
  SlackModal,
  WorkflowResult,
  WorkflowSession,
  WorkflowStepResult,
  WorkflowTemplate,
  WorkflowValues,
} from "./workflow-types";
import { assertValidTemplate, validateStep } from "./workflow-validation";
import { buildStepView, messageView } from "./workflow-views";

/**
 * Runs multi-step modal workflows in Slack: a declarative {@link WorkflowTemplate} becomes a modal per
 * step; submissions are validated (errors shown under their inputs with
 * `response_action: "errors"`), the next step replaces the modal (`response_action:
 * "update"` or `views.update`), and the last one runs the template's completion (e.g.
 * creating an issue through an `IssueTracker`), then shows its outcome. Sessions live behind
 * a {@link WorkflowSessionStore} and expire after a period without activity.
 *
 * Wire it to a source with {@link InteractiveWorkflowManager.registerHandlers}.
 */
export class InteractiveWorkflowManager {
  /** Where sessions live. */
  readonly store: WorkflowSessionStore;
  readonly #client: SlackClient | undefined;
  readonly #templates = new Map<string, WorkflowTemplate>();
  readonly #listeners = new Set<WorkflowCompletionListener>();
  readonly #background = new Set<Promise<unknown>>();
  readonly #timeoutMs: number;
  readonly #clock: Pick<Clock, "now">;
  readonly #generateId: () => string;
  readonly #options: InteractiveWorkflowManagerOptions;

  constructor(options: InteractiveWorkflowManagerOptions = {}) {
    this.#options = options;
    this.#client = options.client;
    this.store = options.store ?? new MemoryWorkflowSessionStore();
    this.#timeoutMs = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    this.#clock = options.clock ?? systemClock;
    this.#generateId = options.generateId ?? randomUUID;
    for (const template of options.templates ?? []) this.registerTemplate(template);
  }

  /** Registered templates by type. */
  get templates(): ReadonlyMap<string, WorkflowTemplate> {
    return this.#templates;
  }

  /** Registers (or replaces) a template; throws `ConfigurationError` when Slack could not show it. */
  registerTemplate(template: WorkflowTemplate): void {
    assertValidTemplate(template);
    this.#templates.set(template.type, template);
  }

  /** Calls `listener` with every finished workflow; returns a function that stops it. */
  onComplete(listener: WorkflowCompletionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts a session at the template's first step. */
  async startWorkflow(
    userId: string,
    workflowType: string,
    context: Record<string, unknown> = {},
  ): Promise<WorkflowSession> {
    const template = this.#template(workflowType);
    const now = new Date(this.#clock.now());
    const session: WorkflowSession = {
      id: this.#generateId(),
      workflowType,
      userId,
      status: "active",
      stepIndex: 0,
      values: {},
      context,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + (template.timeoutMs ?? this.#timeoutMs)),
    };
    await this.store.save(session);
    return session;
  }

  /**
   * Opens the modal of a workflow with `views.open` (within 3 seconds of the trigger):
   * starts a session for `workflowType`, or shows `options.session`.
   */
  async createWorkflowModal(
    triggerId: string,
    workflowType: string,
    options: CreateWorkflowModalOptions = {},
  ): Promise<SlackModal> {
    const client = this.#requireClient("open a workflow modal");
    const session =
      options.session === undefined
        ? await this.startWorkflow(options.userId ?? "", workflowType, options.context)
        : await this.#requireSession(
            typeof options.session === "string" ? options.session : options.session.id,
          );
    const view = buildStepView(this.#template(session.workflowType), session);
    const opened = await client.openView({ trigger_id: triggerId, view });
    const viewId = opened.view?.id ?? "";
    await this.#save({ ...session, viewId });
    return { viewId, sessionId: session.id, view };
  }

  /**
   * Handles a step's submission: checks the values (errors → `invalid`), stores them and
   * moves to the next step (`next`, with its view), or, on the last step, answers with a
   * working view and runs {@link completeWorkflow} in the background, then shows the outcome
   * with `views.update` (`submitted`). Expired and finished sessions answer `expired` /
   * `closed` with a view saying so.
   */
  async handleWorkflowStep(
    sessionId: string,
    stepData: WorkflowValues,
    options: HandleWorkflowStepOptions = {},
  ): Promise<WorkflowStepResult> {
    const session = await this.store.get(sessionId);
    const template = session ? this.#templates.get(session.workflowType) : undefined;
    if (!session || !template) {
      return { sessionId, status: "closed", response: { response_action: "clear" } };
    }
    if (session.status === "active" && this.#isExpired(session)) {
      const expired = await this.#save({ ...session, status: "expired" });
      return this.#answer(
        expired,
        "expired",
        messageView(template, expired, ":hourglass: This form expired. Please start again."),
        options,
      );
    }
    if (
      session.status !== "active" ||
      (options.userId && session.userId && options.userId !== session.userId)
    ) {
      const text =
        session.status === "completing"
          ? (template.workingMessage ?? ":hourglass_flowing_sand: Working on it…")
          : "This form is closed.";
      return this.#answer(session, "closed", messageView(template, session, text), options);
    }
    const step = template.steps[session.stepIndex]!;
    if (options.stepId !== undefined && options.stepId !== step.id) {
      // A stale or repeated submission: show where the session really is.
      return this.#answer(session, "next", buildStepView(template, session), options);
    }
    const values = Object.fromEntries(step.inputs.map((input) => [input.id, stepData[input.id]]));
    const errors = validateStep(step, values, session);
    if (Object.keys(errors).length > 0) {
      return {
        sessionId,
        status: "invalid",
        errors,
        response: { response_action: "errors", errors },
        session,
      };
    }
    const now = this.#clock.now();
    const last = session.stepIndex === template.steps.length - 1;
    const moved = await this.#save({
      ...session,
      userId: session.userId || options.userId || "",
      viewId: options.viewId ?? session.viewId,
      values: { ...session.values, [step.id]: values },
      stepIndex: last ? session.stepIndex : session.stepIndex + 1,
      status: last ? "completing" : "active",
      updatedAt: new Date(now),
      expiresAt: new Date(now + (template.timeoutMs ?? this.#timeoutMs)),
    });
    if (!last) return this.#answer(moved, "next", buildStepView(template, moved), options);
    const working = messageView(
      template,
      moved,
      template.workingMessage ?? ":hourglass_flowing_sand: Working on it…",
    );
    const answer = await this.#answer(moved, "submitted", working, options);
    this.#inBackground(this.#finish(template, moved));
    return answer;
  }

  /**
   * Completes a session: merges `result` into the
   * last step's values, runs the template's `onComplete` (the action: create an issue, …)
   * and every `onComplete` listener, and stores the outcome. A failing completion gives a
   * `failed` result with the error, reported through `Instrumentation.onError`.
   */
  async completeWorkflow(sessionId: string, result: WorkflowValues = {}): Promise<WorkflowResult> {
    const session = await this.#requireSession(sessionId);
    const template = this.#template(session.workflowType);
    if (session.status !== "active" && session.status !== "completing") {
      throw new ValidationError({
        platform: "slack",
        message: `Workflow session ${sessionId} is ${session.status}; only an active session can be completed.`,
      });
    }
    const { result: outcome, error } = await runCompletion(template, session, result, {
      client: this.#client,
      now: () => new Date(this.#clock.now()),
    });
    if (error !== undefined) this.#report(error, "workflow.complete");
    const finished = await this.#save({
      ...session,
      values: outcome.stepValues,
      status: outcome.status,
      result: outcome,
      updatedAt: outcome.completedAt,
    });
    emitInstrumentation(this.#options.instrumentation, "onWorkflowExecution", {
      workflowId: sessionId,
      name: session.workflowType,
      status: outcome.status,
      durationMs: outcome.completedAt.getTime() - session.createdAt.getTime(),
    });
    for (const listener of this.#listeners) {
      try {
        await listener(outcome, finished);
      } catch (error) {
        this.#report(error, "workflow.listener");
      }
    }
    return outcome;
  }

  /** Cancels an active session (the modal was closed). Returns it, or undefined when unknown. */
  async cancelWorkflow(sessionId: string): Promise<WorkflowSession | undefined> {
    const session = await this.store.get(sessionId);
    if (session?.status !== "active") return session;
    return this.#save({ ...session, status: "canceled" });
  }

  /** Reads a session. */
  async getSession(sessionId: string): Promise<WorkflowSession | undefined> {
    return this.store.get(sessionId);
  }

  /**
   * Marks every active session past its expiry as `expired` (needs a store with
   * `listExpiring`; sessions are also checked on every submission). Returns them.
   */
  async expireSessions(): Promise<WorkflowSession[]> {
    const now = new Date(this.#clock.now());
    const expiring = (await this.store.listExpiring?.(now)) ?? [];
    const expired: WorkflowSession[] = [];
    for (const session of expiring) {
      if (session.status === "active")
        expired.push(await this.#save({ ...session, status: "expired" }));
    }
    return expired;
  }

  /**
   * Registers the handlers that drive workflow modals on a source (`slackWebhooks`, Socket
   * Mode, `SlackIntegration`): `view_submission` → {@link handleWorkflowStep}, `view_closed`
   * → {@link cancelWorkflow}. Returns a function that removes them.
   */
  registerHandlers(target: InteractiveHandlerTarget): () => void {
    return registerWorkflowHandlers(this, target);
  }

  /** Resolves when every background completion started so far has finished. */
  async drain(): Promise<void> {
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
  }

  async #finish(template: WorkflowTemplate, session: WorkflowSession): Promise<void> {
    const result = await this.completeWorkflow(session.id);
    if (!session.viewId || !this.#client) return;
    const text =
      result.status === "completed"
        ? (result.message ?? ":white_check_mark: Done.")
        : `:x: That did not work: ${result.error ?? "unknown error"}`;
    await this.#client.updateView({
      view_id: session.viewId,
      view: messageView(template, session, text),
    });
  }

  async #answer(
    session: WorkflowSession,
    status: WorkflowStepResult["status"],
    view: ModalView,
    options: HandleWorkflowStepOptions,
  ): Promise<WorkflowStepResult> {
    const result: WorkflowStepResult = { sessionId: session.id, status, view, session };
    if ((options.respondWith ?? "response") === "response") {
      return { ...result, response: { response_action: "update", view } };
    }
    const viewId = options.viewId ?? session.viewId;
    if (!viewId) {
      throw new ValidationError({
        platform: "slack",
        message: `Workflow session ${session.id} has no modal to update; open one with createWorkflowModal first.`,
      });
    }
    await this.#requireClient("update a workflow modal").updateView({ view_id: viewId, view });
    return result;
  }

  #inBackground(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.#report(error, "workflow.finish"));
    this.#background.add(tracked);
    void tracked.finally(() => this.#background.delete(tracked));
  }

  #isExpired(session: WorkflowSession): boolean {
    return this.#clock.now() >= session.expiresAt.getTime();
  }

  async #save(session: WorkflowSession): Promise<WorkflowSession> {
    const saved = { ...session, updatedAt: new Date(this.#clock.now()) };
    await this.store.save(saved);
    return saved;
  }

  async #requireSession(sessionId: string): Promise<WorkflowSession> {
    const session = await this.store.get(sessionId);
    if (!session) {
      throw new NotFoundError({ entity: "Workflow session", id: sessionId, platform: "slack" });
    }
    return session;
  }

  #template(workflowType: string): WorkflowTemplate {
    const template = this.#templates.get(workflowType);
    if (!template) {
      const known = [...this.#templates.keys()].join(", ") || "none";
      throw new ConfigurationError({
        platform: "slack",
        message: `No workflow template "${workflowType}" is registered (known: ${known}); call registerTemplate first.`,
      });
    }
    return template;
  }

  #requireClient(what: string): SlackClient {
    if (!this.#client) {
      throw new ConfigurationError({
        platform: "slack",
        message: `The workflow manager needs a SlackClient to ${what}: pass client.`,
      });
    }
    return this.#client;
  }

  #report(error: unknown, phase: string): void {
    reportError(
      {
        instrumentation: this.#options.instrumentation,
        bus: this.#options.bus,
        logger: this.#options.logger,
      },
      { phase, error, platform: "slack" },
    );
  }
}
