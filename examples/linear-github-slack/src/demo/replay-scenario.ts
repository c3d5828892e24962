import type { DemoEnvironment } from "./demo-environment";
import type { ScenarioStep } from "./scenario";

/** What happened to one replayed webhook. */
export interface ReplayedStep {
  /** 0-based position. */
  index: number;
  /** The step. */
  step: ScenarioStep;
  /** HTTP status the service answered. */
  status: number;
  /** The response body (JSON when it was JSON). */
  body: unknown;
  /** Time until the ack, ms. */
  ackMs: number;
  /** Time until the post-ack work (correlation, reactions) was done, ms. */
  settledMs: number;
}

/**
 * Sends each step's signed webhook to the service over real HTTP, in order, waiting for
 * the service's post-ack work (correlation, reactions) before the next, as a human-paced
 * story would unfold. Calls `onStep` after each one.
 */
export async function replayScenario(
  environment: DemoEnvironment,
  steps: readonly ScenarioStep[],
  onStep?: (result: ReplayedStep) => void,
): Promise<ReplayedStep[]> {
  const results: ReplayedStep[] = [];
  for (const [index, step] of steps.entries()) {
    const request = await step.request(environment, environment.baseUrl);
    const started = performance.now();
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: await request.arrayBuffer(),
    });
    const ackMs = performance.now() - started;
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    await environment.service.drain();
    const result: ReplayedStep = {
      index,
      step,
      status: response.status,
      body,
      ackMs,
      settledMs: performance.now() - started,
    };
    results.push(result);
    onStep?.(result);
  }
  return results;
}
