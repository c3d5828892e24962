/** An outbound API request finished (successfully or not). */
export interface ApiRequestInfo {
  /** Platform called. */
  platform: string;
  /** HTTP method. */
  method: string;
  /** Route template or method name, e.g. `GET /repos/{owner}/{repo}`, `chat.postMessage`. */
  endpoint: string;
  /** HTTP status; undefined on network failure. */
  status?: number;
  /** Wall time including retries, ms. */
  durationMs: number;
  /** Served from cache (including 304 revalidation). */
  cached: boolean;
  /** Attempt number, 1-based. */
  attempt: number;
}

/** An inbound webhook was handled. */
export interface WebhookEventInfo {
  /** Platform, when a source was found. */
  platform?: string;
  /** Platform event name. */
  eventName?: string;
  /** Delivery id, when read. */
  deliveryId?: string;
  /** Outcome. */
  outcome: "processed" | "duplicate" | "answered" | "rejected" | "failed";
  /** Response status. */
  status: number;
  /** Time to ack, ms. */
  durationMs: number;
  /** Events stored. */
  eventCount: number;
}

/** A correlation rule linked two events. */
export interface CorrelationMatchInfo {
  /** Rule name. */
  rule: string;
  /** Source event id. */
  sourceEventId: string;
  /** Target event id. */
  targetEventId: string;
  /** Link strength. */
  strength: number;
}

/**
 * Correlation left events out because of their age (see `CorrelationConfig.eventRetentionDays`
 * and `correlateOlderEvents`). Reported once per reason per processed event.
 */
export interface CorrelationSkippedInfo {
  /**
   * `event_too_old`: the event itself occurred before the retention horizon, so it can only
   * link to events inside retention, usually none (a backfill or a replay of old payloads);
   * `candidates_too_old`: stored events sharing its keys were left out because they
   * occurred before the horizon.
   */
  reason: "event_too_old" | "candidates_too_old";
  /** The event being correlated. */
  eventId: string;
  /**
   * Events left out: 1 for `event_too_old`; for `candidates_too_old`, those among the
   * newest candidates read per key (older ones are not counted).
   */
  count: number;
  /** The horizon: events that occurred before it were left out. */
  horizon: Date;
}

/** A workflow run (or one of its steps) changed state. */
export interface WorkflowExecutionInfo {
  /** Run id. */
  workflowId: string;
  /** Workflow name. */
  name: string;
  /** New state of the run, or of the step when `stepId` is set. */
  status: string;
  /** Time since the run started, ms. */
  durationMs: number;
  /** The definition's id. */
  definitionId?: string;
  /** The step that changed, for step updates; absent for run updates. */
  stepId?: string;
  /** The step's attempt, for step updates. */
  attempt?: number;
  /** The event that started the run. */
  triggerEventId?: string | null;
  /** Why the run or step failed. */
  error?: { code: string; message: string };
}

/** A request waited for rate-limit budget. */
export interface RateLimitWaitInfo {
  /** Platform. */
  platform: string;
  /** Resource, e.g. `core`, `search`, `chat.postMessage:C123`. */
  resource: string;
  /** Time waited, ms. */
  waitMs: number;
  /** Why: `budget` (proactive), `retry-after` (platform said), `concurrency`. */
  reason: "budget" | "retry-after" | "concurrency";
}

/** An error that had no caller to throw to (post-ack work, background tasks). */
export interface ErrorInfo {
  /** Where it happened: `webhook.post-ack`, `correlation`, `workflow`, … */
  phase: string;
  /** The error. */
  error: unknown;
  /** Platform, if known. */
  platform?: string;
  /** Event involved, if any. */
  eventId?: string;
  /** Webhook delivery involved, if any. */
  deliveryId?: string;
}

/** Attributes of a traced step; `undefined` values are left out. */
export type TraceAttributes = Record<
  string,
  string | number | boolean | readonly string[] | undefined
>;

/** Names of the steps contexten traces (see `Instrumentation.traceStep`). */
export const TracedStepNames = {
  /** One webhook delivery, from the request to the ack. */
  WEBHOOK: "contexten.webhook",
  /** Signature verification of a delivery. */
  WEBHOOK_VERIFY: "contexten.webhook.verify",
  /** Storing a delivery's events and its delivery record. */
  WEBHOOK_STORE: "contexten.webhook.store",
  /** Work after the ack for one delivery (correlation, workflows). */
  WEBHOOK_AFTER_ACK: "contexten.webhook.after_ack",
  /** Correlating one event. */
  CORRELATE: "contexten.correlate",
  /** Starting the workflows an event triggers and resuming those waiting for it. */
  WORKFLOWS: "contexten.workflows",
  /** One attempt of one workflow step. */
  WORKFLOW_STEP: "contexten.workflow.step",
} as const;

/** A unit of work a tracing instrumentation can wrap in a span. */
export interface TracedStep {
  /** What runs, one of {@link TracedStepNames} (or an adapter's own name). */
  name: string;
  /** What is known when it starts. */
  attributes?: TraceAttributes | undefined;
  /**
   * A trace context saved earlier by `captureTraceContext`: the step continues that
   * trace (a workflow step continues the webhook that started its run).
   */
  parent?: string | undefined;
}

/** What a traced step can add while it runs. */
export interface TraceScope {
  /** Adds attributes learnt while running (a delivery id, the stored event ids). */
  setAttributes(attributes: TraceAttributes): void;
}

const noopScope: TraceScope = Object.freeze({ setAttributes() {} });

/**
 * Hooks for metrics and tracing. Every hook is optional and no-op by default; a metrics
 * package (Prometheus, OpenTelemetry) implements them. Hooks must not throw; contexten
 * guards every call so a faulty hook cannot break processing.
 */
export interface Instrumentation {
  /** An outbound API request finished. */
  onApiRequest?(info: ApiRequestInfo): void;
  /** An inbound webhook was handled. */
  onWebhookEvent?(info: WebhookEventInfo): void;
  /** Two events were linked. */
  onCorrelationMatch?(info: CorrelationMatchInfo): void;
  /** Correlation left events out because of their age (a debugging signal for backfills). */
  onCorrelationSkipped?(info: CorrelationSkippedInfo): void;
  /** A workflow changed state. */
  onWorkflowExecution?(info: WorkflowExecutionInfo): void;
  /** A request waited for rate-limit budget. */
  onRateLimitWait?(info: RateLimitWaitInfo): void;
  /** An error occurred with no caller to receive it. */
  onError?(info: ErrorInfo): void;
  /**
   * Runs `run` as a traced step (a span), so work inside it, including outbound API
   * calls, nests under it. Must call `run` exactly once and return what it returns.
   */
  traceStep?<T>(step: TracedStep, run: (scope: TraceScope) => Promise<T>): Promise<T>;
  /**
   * The current trace context as a string to store with durable work (a workflow run),
   * so the work can continue the trace later in another process; undefined when none.
   */
  captureTraceContext?(): string | undefined;
}

/** Instrumentation that does nothing; the default everywhere. */
export const noopInstrumentation: Instrumentation = Object.freeze({});

/** The notification hooks of {@link Instrumentation} (those `emitInstrumentation` calls). */
export type InstrumentationHookName = Exclude<
  keyof Instrumentation,
  "traceStep" | "captureTraceContext"
>;

/**
 * Calls one hook on an instrumentation, swallowing anything it throws so metrics can
 * never break processing.
 */
export function emitInstrumentation<Name extends InstrumentationHookName>(
  instrumentation: Instrumentation | undefined,
  name: Name,
  info: Parameters<NonNullable<Instrumentation[Name]>>[0],
): void {
  const hook = instrumentation?.[name] as ((value: typeof info) => void) | undefined;
  if (!hook) return;
  try {
    hook.call(instrumentation, info);
  } catch {
    // A broken metrics hook must not break webhook handling or API calls.
  }
}

/**
 * Runs `run` as a traced step of `instrumentation`, or directly when it does not trace
 * (the common case costs one property read). A tracing hook that throws before starting
 * the step does not stop it: `run` then runs untraced.
 */
export function traceStep<T>(
  instrumentation: Instrumentation | undefined,
  step: TracedStep,
  run: (scope: TraceScope) => Promise<T>,
): Promise<T> {
  const hook = instrumentation?.traceStep;
  if (!hook) return run(noopScope);
  let started = false;
  const guarded = (scope: TraceScope) => {
    started = true;
    return run(scope);
  };
  try {
    return hook.call(instrumentation, step, guarded) as Promise<T>;
  } catch (error) {
    if (started) return Promise.reject(error);
    return run(noopScope);
  }
}

/** The current trace context of `instrumentation`, if it traces; never throws. */
export function captureTraceContext(
  instrumentation: Instrumentation | undefined,
): string | undefined {
  if (!instrumentation?.captureTraceContext) return undefined;
  try {
    return instrumentation.captureTraceContext();
  } catch {
    return undefined;
  }
}

/** Combines several instrumentations into one that calls each in order. */
export function combineInstrumentation(...parts: readonly Instrumentation[]): Instrumentation {
  const names: InstrumentationHookName[] = [
    "onApiRequest",
    "onWebhookEvent",
    "onCorrelationMatch",
    "onCorrelationSkipped",
    "onWorkflowExecution",
    "onRateLimitWait",
    "onError",
  ];
  const combined: Record<string, (info: unknown) => void> = {};
  for (const name of names) {
    if (parts.some((part) => part[name])) {
      combined[name] = (info: unknown) => {
        for (const part of parts) emitInstrumentation(part, name, info as never);
      };
    }
  }
  const tracers = parts.filter((part) => part.traceStep);
  if (tracers.length > 0) {
    combined.traceStep = (<T>(step: TracedStep, run: (scope: TraceScope) => Promise<T>) => {
      const scopes: TraceScope[] = [];
      const nest = (index: number): Promise<T> => {
        if (index === tracers.length) {
          return run({
            setAttributes: (attributes) => {
              for (const scope of scopes) scope.setAttributes(attributes);
            },
          });
        }
        return traceStep(tracers[index], step, (scope) => {
          scopes.push(scope);
          return nest(index + 1);
        });
      };
      return nest(0);
    }) as never;
  }
  if (parts.some((part) => part.captureTraceContext)) {
    combined.captureTraceContext = (() => {
      for (const part of parts) {
        const captured = captureTraceContext(part);
        if (captured !== undefined) return captured;
      }
      return undefined;
    }) as never;
  }
  return combined as Instrumentation;
}
