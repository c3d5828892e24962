import type {
  ApiRequestInfo,
  ErrorInfo,
  Instrumentation,
  TraceAttributes,
  TracedStep,
  TraceScope,
} from "@contexten/core";
import { TracedStepNames } from "@contexten/core";
import {
  type Attributes,
  context,
  isSpanContextValid,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { formatTraceparent, parseTraceparent } from "./trace-context";

/** Options of {@link createOpenTelemetryInstrumentation}. */
export interface OpenTelemetryInstrumentationOptions {
  /**
   * The tracer spans are made with. Default: `trace.getTracer("@contexten/otel")` from
   * the globally registered tracer provider (a no-op until an SDK registers one).
   */
  tracer?: Tracer | undefined;
  /** Record each outbound API call as a client span (default true). */
  apiRequests?: boolean | undefined;
  /** Record failures with no caller as exceptions on the active span (default true). */
  errors?: boolean | undefined;
}

const SERVER_STEPS = new Set<string>([TracedStepNames.WEBHOOK]);

/** The scope of a step nothing records. */
const UNTRACED: TraceScope = { setAttributes() {} };

function toAttributes(attributes: TraceAttributes | undefined): Attributes {
  const result: Attributes = {};
  if (!attributes) return result;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    result[key] = Array.isArray(value) ? [...(value as readonly string[])] : (value as string);
  }
  return result;
}

function endWithError(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

/**
 * Traces contexten with OpenTelemetry through `@opentelemetry/api` only: bring your own
 * SDK (`@opentelemetry/sdk-node`, `sdk-trace-base`, …) and register it as usual.
 *
 * Spans: `contexten.webhook` per delivery (server span) with children
 * `contexten.webhook.verify` and `contexten.webhook.store`, then
 * `contexten.webhook.after_ack` with `contexten.correlate` and `contexten.workflows`;
 * `contexten.workflow.step` per step attempt, which continues the trace of the webhook
 * that started the run even when a worker in another process runs it (the run stores
 * the trace context); and a client span per outbound API call (`GET /repos/{owner}/{repo}`,
 * `chat.postMessage`) under whatever was active when it was made. Attributes carry the
 * platform, the delivery id, the event ids, the run and step.
 *
 * Spans nest through the active context, so register a context manager
 * (`AsyncLocalStorageContextManager`; the Node SDK does it for you).
 */
export function createOpenTelemetryInstrumentation(
  options: OpenTelemetryInstrumentationOptions = {},
): Instrumentation {
  const tracer = options.tracer ?? trace.getTracer("@contexten/otel");
  const instrumentation: Instrumentation = {
    traceStep<T>(step: TracedStep, run: (scope: TraceScope) => Promise<T>): Promise<T> {
      let parent = context.active();
      const remote = step.parent ? parseTraceparent(step.parent) : undefined;
      if (remote) parent = trace.setSpanContext(parent, remote);
      const kind = SERVER_STEPS.has(step.name) ? SpanKind.SERVER : SpanKind.INTERNAL;
      const span = tracer.startSpan(
        step.name,
        { kind, attributes: toAttributes(step.attributes) },
        parent,
      );
      // Nothing records it and there is no trace to carry on (no SDK registered, and no
      // parent): run the step as it is, without making the span active.
      if (!span.isRecording() && !isSpanContextValid(span.spanContext())) {
        span.end();
        return run(UNTRACED);
      }
      return context.with(trace.setSpan(parent, span), async () => {
        try {
          return await run({
            setAttributes: (attributes) => span.setAttributes(toAttributes(attributes)),
          });
        } catch (error) {
          endWithError(span, error);
          throw error;
        } finally {
          span.end();
        }
      });
    },
    captureTraceContext() {
      const span = trace.getSpan(context.active());
      return span ? formatTraceparent(span.spanContext()) : undefined;
    },
  };
  if (options.apiRequests ?? true) {
    instrumentation.onApiRequest = (info: ApiRequestInfo) => {
      // The hook reports a finished call: the span is written after the fact, starting
      // when the call started.
      const end = Date.now();
      const span = tracer.startSpan(
        info.endpoint.includes(" ") ? info.endpoint : `${info.method} ${info.endpoint}`,
        {
          kind: SpanKind.CLIENT,
          startTime: end - info.durationMs,
          attributes: toAttributes({
            "contexten.platform": info.platform,
            "http.request.method": info.method,
            "http.route": info.endpoint,
            "http.response.status_code": info.status,
            "contexten.api.cached": info.cached,
            "contexten.api.attempt": info.attempt,
          }),
        },
        context.active(),
      );
      if (info.status === undefined || info.status >= 400) {
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end(end);
    };
  }
  if (options.errors ?? true) {
    instrumentation.onError = (info: ErrorInfo) => {
      const span = trace.getSpan(context.active());
      if (!span) return;
      span.recordException(info.error instanceof Error ? info.error : String(info.error));
      span.addEvent("contexten.error", toAttributes({ "contexten.phase": info.phase }));
    };
  }
  return instrumentation;
}
