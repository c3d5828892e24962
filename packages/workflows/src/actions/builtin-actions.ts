import type { AnyWorkflowAction } from "@contexten/core";
import {
  AWAIT_EVENT_ACTION,
  type CorrelatedEvent,
  defineWorkflowAction,
  type WaitOutcome,
} from "@contexten/core";
import { eventPatternSchema, platformSchema } from "@contexten/core/schemas";
import { z } from "zod";

/** What a wait's step outputs: whether it timed out and the event that ended it. */
export interface AwaitEventOutput {
  /** True when the timeout came first (with `onTimeout: "continue"`). */
  timedOut: boolean;
  /** The event, summarized (id, type, platform, occurredAt, subject, payload), or `null`. */
  event: {
    id: string;
    type: string;
    platform: string;
    occurredAt: string;
    subject: CorrelatedEvent["subject"];
    payload: Record<string, unknown>;
  } | null;
}

/** The step output for a wait that ended as `outcome`. */
export function waitOutput(outcome: WaitOutcome): AwaitEventOutput {
  const { event } = outcome;
  return {
    timedOut: outcome.timedOut,
    event: event
      ? {
          id: event.id,
          type: event.type,
          platform: event.platform,
          occurredAt: event.occurredAt.toISOString(),
          subject: event.subject,
          payload: event.payload,
        }
      : null,
  };
}

const awaitEventInput = z.object({
  /** Events that end the wait. */
  pattern: eventPatternSchema,
  /** A correlation key the event must carry; default: same correlation group as the trigger. */
  key: z.string().min(3).optional(),
  /** How long to wait; default until the run's timeout. */
  timeoutSeconds: z.number().positive().optional(),
  /** What a timeout does: fail the step, or complete it with `timedOut: true`. */
  onTimeout: z.enum(["fail", "continue"]).default("fail"),
});

/**
 * `contexten.awaitEvent`: waits, durably, for a later event that matches `pattern` and is
 * correlated with the run's trigger (same correlation group), or carries `key`. An event
 * that arrived between the trigger and the start of the wait counts too. Output:
 * `{ timedOut, event }`.
 */
export const awaitEventAction = defineWorkflowAction({
  name: "contexten.awaitEvent",
  description: "Wait for a later event correlated with the trigger (or carrying a key).",
  input: awaitEventInput,
  run: (input, context) =>
    context.waitForEvent({
      pattern: input.pattern,
      onTimeout: input.onTimeout,
      ...(input.key ? { key: input.key } : {}),
      ...(input.timeoutSeconds ? { timeoutMs: input.timeoutSeconds * 1000 } : {}),
    }),
  resume: waitOutput,
});

/**
 * `contexten.await_event`: the step form `createWorkflowFromEvents` produces (`{ type,
 * platform }`): waits for an event of that type and platform in the trigger's group.
 */
export const observedAwaitEventAction = defineWorkflowAction({
  name: AWAIT_EVENT_ACTION,
  description: "Wait for an event of a type (the form createWorkflowFromEvents produces).",
  input: z.object({
    type: z.string().min(1),
    platform: platformSchema.optional(),
    timeoutSeconds: z.number().positive().optional(),
  }),
  run: (input, context) =>
    context.waitForEvent({
      pattern: { type: input.type, ...(input.platform ? { platform: input.platform } : {}) },
      ...(input.timeoutSeconds ? { timeoutMs: input.timeoutSeconds * 1000 } : {}),
    }),
  resume: waitOutput,
});

/** `contexten.sleep`: waits, durably, `seconds` or until an ISO instant. Output: `{ until }`. */
export const sleepAction = defineWorkflowAction({
  name: "contexten.sleep",
  description: "Wait a number of seconds, or until an instant, durably.",
  input: z
    .object({
      seconds: z.number().min(0).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
    })
    .refine((value) => (value.seconds === undefined) !== (value.until === undefined), {
      message: "give exactly one of seconds and until",
    }),
  run: (input, context) => {
    const until =
      input.until !== undefined
        ? Date.parse(input.until)
        : context.clock.now() + (input.seconds ?? 0) * 1000;
    return context.sleep(Math.max(0, until - context.clock.now()));
  },
  resume: (_outcome, _input, context) => ({ until: new Date(context.clock.now()).toISOString() }),
});

/** The actions every engine has. */
export const BUILTIN_ACTIONS: readonly AnyWorkflowAction[] = [
  awaitEventAction,
  observedAwaitEventAction,
  sleepAction,
];
