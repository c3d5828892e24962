import type { Instrumentation, TracedStep, TraceScope } from "@contexten/core";

type HookCall = { hook: keyof Instrumentation; info: unknown };

/** An instrumentation that records every hook call (and runs traced steps untraced). */
export function recordHookCalls(calls: HookCall[]): Instrumentation {
  const record =
    (hook: keyof Instrumentation) =>
    (info: unknown): void => {
      calls.push({ hook, info });
    };
  return {
    onApiRequest: record("onApiRequest"),
    onWebhookEvent: record("onWebhookEvent"),
    onCorrelationMatch: record("onCorrelationMatch"),
    onCorrelationSkipped: record("onCorrelationSkipped"),
    onWorkflowExecution: record("onWorkflowExecution"),
    onRateLimitWait: record("onRateLimitWait"),
    onError: record("onError"),
    traceStep<T>(step: TracedStep, run: (scope: TraceScope) => Promise<T>): Promise<T> {
      calls.push({ hook: "traceStep", info: step });
      return run({ setAttributes() {} });
    },
  };
}

/**
 * Replays recorded hook calls into `instrumentation` `passes` times; the mean time per
 * delivery, µs. Isolates the hooks' own cost from the ingest path's noise.
 */
export async function replayHookCalls(
  instrumentation: Instrumentation,
  calls: readonly HookCall[],
  deliveries: number,
  passes: number,
): Promise<number> {
  const hooks = instrumentation as Record<string, unknown>;
  const started = performance.now();
  for (let pass = 0; pass < passes; pass += 1) {
    for (const { hook, info } of calls) {
      const target = hooks[hook] as ((...args: unknown[]) => unknown) | undefined;
      if (!target) continue;
      if (hook === "traceStep") {
        await target.call(instrumentation, info, async (scope: TraceScope) =>
          scope.setAttributes({ "contexten.outcome": "processed" }),
        );
      } else {
        target.call(instrumentation, info);
      }
    }
  }
  return ((performance.now() - started) * 1000) / (deliveries * passes);
}
