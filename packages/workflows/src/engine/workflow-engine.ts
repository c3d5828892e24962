import { randomUUID } from "node:crypto";
import type { AnyWorkflowAction } from "@contexten/core";
import {
  ConfigurationError,
  type CorrelatedEvent,
  compileEventPattern,
  type EventPredicate,
  NotFoundError,
  TracedStepNames,
  ValidationError,
  type WorkflowDefinition,
  type WorkflowDefinitionInput,
  type WorkflowQuery,
  type WorkflowRecord,
  type WorkflowStepRecord,
  type WorkflowTaskDelivery,
} from "@contexten/core";
import { deriveEventId, reportError, traceStep } from "@contexten/core/adapter";
import { ActionRegistry } from "../actions/action-registry";
import { BUILTIN_ACTIONS } from "../actions/builtin-actions";
import { allConditionsHold } from "../definitions/conditions";
import { validateDefinition } from "../definitions/validate-definition";
import type { EngineContext } from "./engine-context";
import { ACTIVE_RUN_STATUSES, finishRun } from "./finish-run";
import { storeManualTrigger } from "./manual-trigger";
import { handleResumeTask, resumeWaitingSteps } from "./resume-waits";
import { handleStepTask } from "./run-step";
import { startRun, type TriggeredRun } from "./start-run";
import { TaskKinds } from "./tasks";
import { eventAsJson } from "./template-context";
import {
  DEFAULT_LEASE_GRACE_MS,
  DEFAULT_STEP_LEASE_MS,
  type WorkflowEngineOptions,
} from "./workflow-engine-options";

/** A run with its steps. */
export interface WorkflowRunView {
  /** The run. */
  run: WorkflowRecord;
  /** Its steps, in definition order. */
  steps: WorkflowStepRecord[];
}

/** Options of {@link WorkflowEngine.trigger}. */
export interface ManualTriggerOptions {
  /** Same key, same run: triggering twice with one key starts one run. */
  idempotencyKey?: string | undefined;
  /** A stored event to use as the trigger instead of a new `workflow.triggered` event. */
  eventId?: string | undefined;
}

interface RegisteredDefinition {
  definition: WorkflowDefinition;
  triggers: EventPredicate[];
}

/**
 * Runs `WorkflowDefinition`s durably. See `createWorkflowEngine`.
 */
export class WorkflowEngine {
  readonly #context: EngineContext;
  readonly #definitions = new Map<string, RegisteredDefinition>();
  #started = false;

  constructor(options: WorkflowEngineOptions) {
    if (!options.store || !options.events || !options.runtime) {
      throw new ConfigurationError({
        message:
          "createWorkflowEngine needs `store` (a WorkflowStore), `events` (an EventStore) and `runtime` (createMemoryRuntime() or createPgBossRuntime(…)).",
      });
    }
    const logger = options.logger ?? console;
    this.#context = {
      store: options.store,
      events: options.events,
      runtime: options.runtime,
      clock: options.clock ?? options.runtime.clock,
      actions: new ActionRegistry([...BUILTIN_ACTIONS, ...(options.actions ?? [])]),
      sinks: { bus: options.bus, instrumentation: options.instrumentation, logger },
      bus: options.bus,
      instrumentation: options.instrumentation,
      logger,
      random: options.random ?? Math.random,
      leaseGraceMs: options.leaseGraceMs ?? DEFAULT_LEASE_GRACE_MS,
      defaultStepLeaseMs: options.defaultStepLeaseMs ?? DEFAULT_STEP_LEASE_MS,
      inflight: new Map(),
    };
    for (const definition of options.definitions ?? []) this.register(definition);
  }

  /** Registered definitions. */
  get definitions(): WorkflowDefinition[] {
    return [...this.#definitions.values()].map((entry) => entry.definition);
  }

  /** Names of the actions this engine can run. */
  get actionNames(): string[] {
    return this.#context.actions.names();
  }

  /** Adds an action (before registering definitions that use it). */
  registerAction(action: AnyWorkflowAction): this {
    this.#context.actions.register(action);
    return this;
  }

  /**
   * Validates and registers a definition (JSON or TypeScript): the schema, cycles in
   * `dependsOn`, unknown actions, templates naming unknown steps. Throws `ValidationError`
   * naming each problem's path. Registering the same id again replaces the definition for
   * new runs; runs in progress keep the definition they started with.
   */
  register(input: WorkflowDefinitionInput | WorkflowDefinition): WorkflowDefinition {
    const definition = validateDefinition(input, this.#context.actions);
    this.#definitions.set(definition.id, {
      definition,
      triggers: definition.triggerPatterns.map((pattern) => compileEventPattern(pattern)),
    });
    return definition;
  }

  /**
   * Call for every stored event (after the webhook ack, after correlation): starts a run of
   * every definition whose trigger patterns and conditions match, and resumes waiting steps
   * the event satisfies. Idempotent per event: the run id derives from the definition and
   * the event, so a redelivered or replayed event starts nothing new.
   */
  onEvent(event: CorrelatedEvent): Promise<TriggeredRun[]> {
    return traceStep(
      this.#context.instrumentation,
      {
        name: TracedStepNames.WORKFLOWS,
        attributes: { "contexten.event_id": event.id, "contexten.event_type": event.type },
      },
      () => this.#onEvent(event),
    );
  }

  async #onEvent(event: CorrelatedEvent): Promise<TriggeredRun[]> {
    const triggered: TriggeredRun[] = [];
    const failures: unknown[] = [];
    const context = this.#context;
    let stored: CorrelatedEvent | undefined;
    for (const { definition, triggers } of this.#definitions.values()) {
      try {
        if (!triggers.some((matches) => matches(event))) continue;
        if (!allConditionsHold(definition.conditions, eventAsJson(event))) continue;
        stored ??= (await context.events.get(event.id)) ?? event;
        const runId = deriveEventId("contexten.workflow.run", definition.id, event.id);
        triggered.push(await startRun(context, definition, { runId, trigger: stored, input: {} }));
      } catch (error) {
        failures.push(error);
      }
    }
    try {
      await resumeWaitingSteps(context, stored ?? event);
    } catch (error) {
      failures.push(error);
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new AggregateError(
        failures,
        `${failures.length} workflow triggers failed for event ${event.id}`,
      );
    }
    return triggered;
  }

  /**
   * Starts a run of a registered definition by hand, with `input` (read by templates as
   * `{{input.x}}`). Triggers and conditions are not checked. Without `eventId`, a
   * `workflow.triggered` event is stored as the run's trigger, so its lineage starts there.
   */
  async trigger(
    definitionId: string,
    input: Record<string, unknown> = {},
    options: ManualTriggerOptions = {},
  ): Promise<TriggeredRun> {
    const registered = this.#definitions.get(definitionId);
    if (!registered) {
      throw new NotFoundError({
        entity: "workflow definition",
        id: definitionId,
        message: `No workflow definition "${definitionId}" is registered; registered: ${[...this.#definitions.keys()].join(", ") || "none"}.`,
      });
    }
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      throw new ValidationError({
        message: "A workflow's input must be a JSON object.",
        issues: [{ path: "input", message: "expected an object" }],
      });
    }
    const { definition } = registered;
    const runId = deriveEventId(
      "contexten.workflow.run",
      definitionId,
      "manual",
      options.idempotencyKey ?? randomUUID(),
    );
    const trigger = options.eventId
      ? await this.#context.events.get(options.eventId)
      : await storeManualTrigger(
          this.#context.events,
          this.#context.clock,
          definition,
          runId,
          input,
        );
    if (!trigger) throw new NotFoundError({ entity: "event", id: options.eventId ?? runId });
    return startRun(this.#context, definition, { runId, trigger, input });
  }

  /** Cancels a run that has not finished; resolves whether this call canceled it. */
  async cancel(runId: string, reason = "canceled by request"): Promise<boolean> {
    const run = await this.#context.store.getWorkflow(runId);
    if (!run) throw new NotFoundError({ entity: "workflow run", id: runId });
    if (!ACTIVE_RUN_STATUSES.includes(run.status)) return false;
    return finishRun(this.#context, run, "canceled", {
      code: "workflow_canceled",
      message: reason,
      retryable: false,
    });
  }

  /** A run with its steps. */
  async getRun(runId: string): Promise<WorkflowRunView | undefined> {
    const run = await this.#context.store.getWorkflow(runId);
    return run ? { run, steps: await this.#context.store.listSteps(runId) } : undefined;
  }

  /** Runs, newest first, filtered by status, definition, trigger event or correlation group. */
  listRuns(query?: WorkflowQuery): Promise<WorkflowRecord[]> {
    return this.#context.store.listWorkflows(query);
  }

  /** Starts working on tasks in this process (runs progress only where an engine is started). */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.#context.runtime.start((delivery) => this.#handle(delivery));
  }

  /**
   * Stops working and releases the runtime's connections (also for an engine that only
   * triggered runs); tasks in progress are left for another worker (or the next start).
   */
  async stop(): Promise<void> {
    this.#started = false;
    await this.#context.runtime.stop();
  }

  /**
   * Resolves once the runtime has nothing running or due in this process (runs waiting for
   * an event, a person or a timer do not count): for tests, demos and shutdowns. Resolves
   * at once with a runtime that cannot tell.
   */
  async idle(): Promise<void> {
    await this.#context.runtime.idle?.();
  }

  async #handle(delivery: WorkflowTaskDelivery): Promise<void> {
    try {
      switch (delivery.task.kind) {
        case TaskKinds.STEP:
          return await handleStepTask(this.#context, delivery);
        case TaskKinds.RESUME:
          return await handleResumeTask(this.#context, delivery);
        case TaskKinds.DEADLINE: {
          const run = await this.#context.store.getWorkflow(delivery.task.runId);
          if (!run || !ACTIVE_RUN_STATUSES.includes(run.status)) return;
          await finishRun(this.#context, run, "timed_out", {
            code: "workflow_timed_out",
            message: `The run did not finish within ${run.definition.timeoutMinutes} minute(s); its unfinished steps were canceled.`,
            retryable: false,
          });
          return;
        }
        default:
          this.#context.logger.warn(
            `[contexten] ignoring a workflow task of unknown kind "${delivery.task.kind}"`,
          );
      }
    } catch (error) {
      reportError(this.#context.sinks, { phase: `workflow.${delivery.task.kind}`, error });
      throw error;
    }
  }
}
