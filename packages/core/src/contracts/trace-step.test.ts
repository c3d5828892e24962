import { describe, expect, it } from "vitest";
import {
  captureTraceContext,
  combineInstrumentation,
  type Instrumentation,
  type TracedStep,
  traceStep,
} from "./instrumentation";

function recordingTracer(name: string, log: string[]): Instrumentation {
  return {
    async traceStep(step: TracedStep, run) {
      log.push(`${name} start ${step.name}`);
      try {
        return await run({
          setAttributes: (attributes) =>
            log.push(`${name} set ${Object.keys(attributes).join(",")}`),
        });
      } finally {
        log.push(`${name} end ${step.name}`);
      }
    },
    captureTraceContext: () => `${name}-context`,
  };
}

describe("traceStep", () => {
  it("runs the step directly when nothing traces", async () => {
    await expect(traceStep(undefined, { name: "a" }, async () => 1)).resolves.toBe(1);
    await expect(traceStep({}, { name: "a" }, async () => 2)).resolves.toBe(2);
    expect(captureTraceContext({})).toBeUndefined();
  });

  it("still runs the step when the tracing hook throws before starting it", async () => {
    const broken: Instrumentation = {
      traceStep() {
        throw new Error("tracer bug");
      },
      captureTraceContext() {
        throw new Error("tracer bug");
      },
    };
    await expect(traceStep(broken, { name: "a" }, async () => 3)).resolves.toBe(3);
    expect(captureTraceContext(broken)).toBeUndefined();
  });

  it("passes the step's own failure through", async () => {
    const log: string[] = [];
    await expect(
      traceStep(recordingTracer("t", log), { name: "a" }, async () => {
        throw new Error("store down");
      }),
    ).rejects.toThrow("store down");
    expect(log).toEqual(["t start a", "t end a"]);
  });

  it("nests combined tracers and sends attributes to each; the first context wins", async () => {
    const log: string[] = [];
    const combined = combineInstrumentation(
      { onError: () => {} },
      recordingTracer("one", log),
      recordingTracer("two", log),
    );
    const result = await traceStep(combined, { name: "step" }, async (scope) => {
      scope.setAttributes({ "contexten.delivery_id": "d1" });
      return "done";
    });
    expect(result).toBe("done");
    expect(log).toEqual([
      "one start step",
      "two start step",
      "one set contexten.delivery_id",
      "two set contexten.delivery_id",
      "two end step",
      "one end step",
    ]);
    expect(captureTraceContext(combined)).toBe("one-context");
    expect(combineInstrumentation({ onError: () => {} }).traceStep).toBeUndefined();
  });
});
