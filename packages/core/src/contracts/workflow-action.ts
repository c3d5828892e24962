import type { z } from "zod";
import type { Clock } from "../clock/clock";
import type { CorrelatedEvent } from "../models/correlated-event";
import type { EventPattern } from "../models/event-pattern";

/** Where actions write their log lines. */
export type WorkflowLogger = Pick<Console, "info" | "warn" | "error">;

/** What {@link WorkflowActionContext.waitForEvent} waits for. */
export interface WaitForEventRequest {
  /** Events that end the wait. */
  pattern: EventPattern;
  /**
   * A correlation key the event must have among its keys or refs (e.g. the Slack message
   * an approval was posted as). Without it the event must be in the trigger's correlation
   * group.
   */
  key?: string;
  /** How long to wait, ms; without it the wait lasts until the run's own timeout. */
  timeoutMs?: number;
  /** What a timeout does: fail the step (default) or complete it with `timedOut: true`. */
  onTimeout?: "fail" | "continue";
}

const SUSPENSION = Symbol.for("contexten.workflow.suspension");

/**
 * What an action returns to end its step without completing it: the step waits (for an
 * event or a timer), durably, and completes when the wait ends. Build one with
 * {@link WorkflowActionContext.waitForEvent} or {@link WorkflowActionContext.sleep}.
 */
export interface WorkflowSuspension {
  /** Marks the value as a suspension. */
  readonly [SUSPENSION]: true;
  /** A wait for an event. */
  readonly event?: WaitForEventRequest;
  /** A wait for a point in time, epoch ms. */
  readonly until?: number;
}

/** Builds a {@link WorkflowSuspension}; engines pass this to actions through their context. */
export function createWorkflowSuspension(
  wait: { event: WaitForEventRequest } | { until: number },
): WorkflowSuspension {
  return Object.freeze({ [SUSPENSION]: true as const, ...wait });
}

/** True when an action returned a {@link WorkflowSuspension}. */
export function isWorkflowSuspension(value: unknown): value is WorkflowSuspension {
  return typeof value === "object" && value !== null && SUSPENSION in value;
}

/** How a wait ended, as {@link WorkflowAction.resume} receives it. */
export type WaitOutcome =
  | {
      /** The event that ended the wait. */
      event: CorrelatedEvent;
      /** False: an event arrived. */
      timedOut: false;
    }
  | {
      /** No event. */
      event: null;
      /** True: the wait's timeout (or a sleep's end) came first. */
      timedOut: true;
    };

/** What an action receives besides its input. */
export interface WorkflowActionContext {
  /**
   * `<runId>:<stepId>`: the same for every attempt of a step. Pass it to the platform where
   * it dedupes requests (Slack `client_msg_id`, a Linear id you choose, a marker in a
   * GitHub comment), so that a retried step does not act twice.
   */
  readonly idempotencyKey: string;
  /** The run. */
  readonly runId: string;
  /** The step's id in the definition. */
  readonly stepId: string;
  /** The attempt, 1 for the first. */
  readonly attempt: number;
  /** Aborted when the step times out, the run is canceled or times out, or the worker stops. */
  readonly signal: AbortSignal;
  /** The engine's clock. */
  readonly clock: Clock;
  /** Where to log. */
  readonly logger: WorkflowLogger;
  /** The event that started the run (absent for a manual trigger without one). */
  readonly trigger: CorrelatedEvent | undefined;
  /** Returns a suspension that waits for a later event; return it from `run`. */
  waitForEvent(request: WaitForEventRequest): WorkflowSuspension;
  /** Returns a suspension that waits `ms` (durably: a restart does not shorten or lose it). */
  sleep(ms: number): WorkflowSuspension;
}

/**
 * A named operation a workflow step runs (`github.createComment`, `slack.postMessage`, or
 * your own). Adapters export factories that build them around their clients; the engine
 * validates each step's rendered input with `input` before calling `run`.
 *
 * Errors: throw an `ApiCallError` (its `isRetryable` decides), a `ValidationError` (never
 * retried) or any error (retried, see `isRetryableError`). A step is retried up to its
 * retry policy's `maxAttempts`; `context.idempotencyKey` stays the same across attempts.
 */
export interface WorkflowAction<Input = unknown, Output = unknown> {
  /** Unique, namespaced name, e.g. `github.addLabels`. */
  readonly name: string;
  /** What it does, for docs and tooling. */
  readonly description?: string;
  /** Schema of the input, after templates are rendered. */
  readonly input: z.ZodType<Input>;
  /**
   * Does the work. Resolves the step's output (JSON-serializable), or a suspension from
   * `context.waitForEvent` / `context.sleep`.
   */
  run(
    input: Input,
    context: WorkflowActionContext,
  ): Promise<Output | WorkflowSuspension> | Output | WorkflowSuspension;
  /**
   * For actions that suspend: turns how the wait ended into the step's output. Throw to
   * fail the step. Without it the output is `{ event, timedOut }` (the event's id, type,
   * platform and payload).
   */
  resume?(
    outcome: WaitOutcome,
    input: Input,
    context: WorkflowActionContext,
  ): Promise<Output> | Output;
}

/**
 * An action of any input type: what registries and adapters' factories hold (an array of
 * actions with different inputs).
 */
// biome-ignore lint/suspicious/noExplicitAny: inputs differ per action; each action checks its own.
export type AnyWorkflowAction = WorkflowAction<any, unknown>;

/**
 * Declares an action with its input type inferred from the schema.
 *
 * @example
 * ```ts
 * const greet = defineWorkflowAction({
 *   name: "acme.greet",
 *   input: z.object({ name: z.string() }),
 *   run: async ({ name }) => ({ greeting: `Hello ${name}` }),
 * });
 * ```
 */
export function defineWorkflowAction<Schema extends z.ZodType, Output>(action: {
  name: string;
  description?: string;
  input: Schema;
  run(
    input: z.output<Schema>,
    context: WorkflowActionContext,
  ): Promise<Output | WorkflowSuspension> | Output | WorkflowSuspension;
  resume?(
    outcome: WaitOutcome,
    input: z.output<Schema>,
    context: WorkflowActionContext,
  ): Promise<Output> | Output;
}): WorkflowAction<z.output<Schema>, Output> {
  return action as WorkflowAction<z.output<Schema>, Output>;
}
