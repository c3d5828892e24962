import { combineInstrumentation, TracedStepNames } from "@contexten/core";
import { traceStep } from "@contexten/core/adapter";
import { context, ProxyTracerProvider, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createOpenTelemetryInstrumentation,
  formatTraceparent,
  parseTraceparent,
} from "../src/index";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer("test");
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
});
beforeEach(() => exporter.reset());

describe("createOpenTelemetryInstrumentation", () => {
  it("nests traced steps and API calls made inside them, with their attributes", async () => {
    const otel = createOpenTelemetryInstrumentation({ tracer });
    const result = await traceStep(
      otel,
      { name: TracedStepNames.WEBHOOK, attributes: { "contexten.platform": "github" } },
      async (scope) => {
        await traceStep(otel, { name: TracedStepNames.WEBHOOK_VERIFY }, async () => undefined);
        otel.onApiRequest?.({
          platform: "github",
          method: "GET",
          endpoint: "GET /repos/{owner}/{repo}",
          status: 200,
          durationMs: 25,
          cached: false,
          attempt: 1,
        });
        scope.setAttributes({
          "contexten.delivery_id": "d-1",
          "contexten.event_ids": ["e1", "e2"],
        });
        return 42;
      },
    );
    expect(result).toBe(42);
    const spans = exporter.getFinishedSpans();
    const root = spans.find((span) => span.name === TracedStepNames.WEBHOOK)!;
    expect(root.attributes).toMatchObject({
      "contexten.platform": "github",
      "contexten.delivery_id": "d-1",
      "contexten.event_ids": ["e1", "e2"],
    });
    const children = spans.filter((span) => span !== root);
    expect(children.map((span) => span.name).sort()).toEqual([
      "GET /repos/{owner}/{repo}",
      TracedStepNames.WEBHOOK_VERIFY,
    ]);
    for (const child of children) {
      expect(child.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
    }
  });

  it("continues a captured trace context later, outside the original context", async () => {
    const otel = createOpenTelemetryInstrumentation({ tracer });
    let captured: string | undefined;
    await traceStep(otel, { name: TracedStepNames.WEBHOOK }, async () => {
      captured = otel.captureTraceContext?.();
    });
    expect(captured).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(otel.captureTraceContext?.()).toBeUndefined();
    await traceStep(
      otel,
      { name: TracedStepNames.WORKFLOW_STEP, parent: captured },
      async () => {},
    );
    const [webhook, step] = exporter.getFinishedSpans();
    expect(step!.spanContext().traceId).toBe(webhook!.spanContext().traceId);
    expect(step!.parentSpanContext?.spanId).toBe(webhook!.spanContext().spanId);
  });

  it("records failures on the span and rethrows them", async () => {
    const otel = createOpenTelemetryInstrumentation({ tracer });
    await expect(
      traceStep(otel, { name: TracedStepNames.CORRELATE }, async () => {
        throw new Error("store down");
      }),
    ).rejects.toThrow("store down");
    const [span] = exporter.getFinishedSpans();
    expect(span!.status.code).toBe(2);
    expect(span!.events[0]?.name).toBe("exception");
  });

  it("still runs the step when combined with metrics-only instrumentation", async () => {
    const counted: string[] = [];
    const combined = combineInstrumentation(
      { onError: (info) => counted.push(info.phase) },
      createOpenTelemetryInstrumentation({ tracer }),
    );
    await traceStep(combined, { name: TracedStepNames.WORKFLOWS }, async () => {
      combined.onError?.({ phase: "workflows", error: new Error("x") });
    });
    expect(counted).toEqual(["workflows"]);
    const [span] = exporter.getFinishedSpans();
    expect(span!.events.map((event) => event.name)).toContain("contexten.error");
  });
});

describe("without an SDK", () => {
  // A provider nothing was registered with: its tracer is the API's no-op tracer.
  const noop = new ProxyTracerProvider().getTracer("no-sdk");

  it("runs steps as they are, with their results, errors and a scope that accepts attributes", async () => {
    const otel = createOpenTelemetryInstrumentation({ tracer: noop });
    const seen: unknown[] = [];
    const result = await traceStep(otel, { name: TracedStepNames.WEBHOOK }, async (scope) => {
      scope.setAttributes({ "contexten.outcome": "processed" });
      seen.push(trace.getSpan(context.active()));
      return 42;
    });
    expect(result).toBe(42);
    // No span was made active: there is nothing to record and no trace to carry on.
    expect(seen).toEqual([undefined]);
    expect(otel.captureTraceContext?.()).toBeUndefined();
    await expect(
      traceStep(otel, { name: TracedStepNames.CORRELATE }, async () => {
        throw new Error("store down");
      }),
    ).rejects.toThrow("store down");
  });

  it("still carries a trace context it was given on to what the step starts", async () => {
    const otel = createOpenTelemetryInstrumentation({ tracer: noop });
    const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let inside: string | undefined;
    await traceStep(otel, { name: TracedStepNames.WORKFLOW_STEP, parent }, async () => {
      inside = otel.captureTraceContext?.();
    });
    expect(inside).toBe(parent);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe("traceparent", () => {
  it("round-trips and rejects malformed or all-zero contexts", () => {
    const spanContext = {
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      traceFlags: 1,
    };
    const text = formatTraceparent(spanContext)!;
    expect(text).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    expect(parseTraceparent(text)).toMatchObject({ ...spanContext, isRemote: true });
    expect(parseTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).toBe(
      undefined,
    );
    expect(parseTraceparent("garbage")).toBeUndefined();
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
