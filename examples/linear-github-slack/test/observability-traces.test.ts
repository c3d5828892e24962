import { TracedStepNames } from "@contexten/core";
import { createOpenTelemetryInstrumentation } from "@contexten/otel";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoEnvironment, startDemoEnvironment } from "../src/demo/demo-environment";
import { replayScenario } from "../src/demo/replay-scenario";
import { createDemoScenario } from "../src/demo/scenario";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

describe("OpenTelemetry traces of the example service", () => {
  let environment: DemoEnvironment;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    environment = await startDemoEnvironment({
      instrumentation: createOpenTelemetryInstrumentation({ tracer: provider.getTracer("test") }),
    });
  });

  afterAll(async () => {
    await environment?.close();
    context.disable();
  });

  it("makes one connected trace of a webhook and the workflow run it starts", async () => {
    const story = createDemoScenario();
    // The Linear issue, the branch and the push: what the PR will link to.
    await replayScenario(environment, story.slice(0, 3));
    exporter.reset();
    // The PR that fixes ENG-123 opens: it is correlated and starts "Linked pull request".
    const [opened] = await replayScenario(environment, story.slice(3, 4));
    expect(opened?.status).toBe(200);
    const deliveryId = (opened!.body as { deliveryId: string }).deliveryId;

    const spans = exporter.getFinishedSpans();
    const webhook = spans.find(
      (span) =>
        span.name === TracedStepNames.WEBHOOK &&
        span.attributes["contexten.delivery_id"] === deliveryId,
    );
    expect(webhook, "the delivery's span").toBeDefined();
    const traceId = webhook!.spanContext().traceId;
    const trace = spans.filter((span) => span.spanContext().traceId === traceId);
    // Nothing of this delivery landed in another trace.
    expect(spans.filter((span) => span.spanContext().traceId !== traceId)).toEqual([]);

    // Connected: one root (the delivery), every other span's parent is in the trace.
    const ids = new Set(trace.map((span) => span.spanContext().spanId));
    const roots = trace.filter((span) => !span.parentSpanContext);
    expect(roots.map((span) => span.name)).toEqual([TracedStepNames.WEBHOOK]);
    for (const span of trace) {
      if (span === webhook) continue;
      expect(ids.has(span.parentSpanContext!.spanId), `${span.name}'s parent`).toBe(true);
    }

    const named = (name: string) => trace.filter((span) => span.name === name);
    const parentOf = (span: ReadableSpan) =>
      trace.find((candidate) => candidate.spanContext().spanId === span.parentSpanContext?.spanId);
    for (const child of [TracedStepNames.WEBHOOK_VERIFY, TracedStepNames.WEBHOOK_STORE]) {
      expect(parentOf(named(child)[0]!), child).toBe(webhook);
    }
    const [afterAck] = named(TracedStepNames.WEBHOOK_AFTER_ACK);
    expect(parentOf(afterAck!)).toBe(webhook);
    expect(parentOf(named(TracedStepNames.CORRELATE)[0]!)).toBe(afterAck);
    const [workflows] = named(TracedStepNames.WORKFLOWS);
    expect(parentOf(workflows!)).toBe(afterAck);

    // The delivery's attributes: platform, delivery id, the stored event ids.
    const eventIds = webhook!.attributes["contexten.event_ids"] as string[];
    expect(webhook!.attributes["contexten.platform"]).toBe("github");
    expect(eventIds.length).toBeGreaterThan(0);
    expect(named(TracedStepNames.WEBHOOK_STORE)[0]!.attributes["contexten.event_ids"]).toEqual(
      eventIds,
    );

    // The run's steps (run by the workflow runtime's worker) continue the trace; `merged`
    // starts waiting for the merge.
    const steps = named(TracedStepNames.WORKFLOW_STEP);
    expect(steps.map((span) => span.attributes["contexten.workflow.step_id"]).sort()).toEqual(
      ["attach", "facts", "merged", "notify"].sort(),
    );
    for (const step of steps) {
      expect(step.attributes["contexten.event_id"]).toBe(eventIds[0]);
      expect(parentOf(step)).toBe(workflows);
    }
    // Outbound API calls nest under the step that made them.
    const stepOf = (span: ReadableSpan) => parentOf(span)?.attributes["contexten.workflow.step_id"];
    const calls = trace.filter((span) => span.attributes["http.route"] !== undefined);
    const [stepCalls, otherCalls] = [
      calls.filter((span) => stepOf(span) !== undefined),
      calls.filter((span) => stepOf(span) === undefined),
    ];
    expect(stepCalls.map((span) => `${stepOf(span)} ${span.name}`).sort()).toEqual(
      ["attach graphql attachmentLinkGitHubPR", "notify POST chat.postMessage"].sort(),
    );
    // The notification router reads the PR's code owners after the ack, in the same trace.
    expect(otherCalls.map((span) => `${parentOf(span)?.name} ${span.name}`).sort()).toEqual([
      `${TracedStepNames.WEBHOOK_AFTER_ACK} GET /repos/acme/api/contents/.github%2FCODEOWNERS`,
      `${TracedStepNames.WEBHOOK_AFTER_ACK} GET /repos/acme/api/pulls/42/files`,
    ]);
  });
});
