import type { ProcessingResult } from "@contexten/core";
import { countEvents } from "./observed-store";
import type { Receiver } from "./receiver";
import { leaksIn } from "./response-leaks";

/**
 * The one timing promise the receiver makes: every answer, good or bad, within a second
 * (Slack's deadline is 3 s; an attacker's request must not hold the event loop longer).
 * Generous on purpose, and checked per request, never as a total.
 */
export const ANSWER_DEADLINE_MS = 1000;

/** One request through `handler.process` and what came back. */
export interface Exchange {
  /** The response status. */
  status: number;
  /** The response body as text. */
  body: string;
  /** What the handler says it did. */
  result: ProcessingResult;
  /** Wall time from the call to the body read, ms. */
  durationMs: number;
}

/** Sends `request` through `receiver.handler.process` and reads the whole answer. */
export async function exchange(receiver: Receiver, request: Request): Promise<Exchange> {
  const started = performance.now();
  let outcome: Awaited<ReturnType<Receiver["handler"]["process"]>>;
  try {
    outcome = await receiver.handler.process(request);
  } catch (error) {
    const description = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`handler.process threw instead of answering: ${description}`);
  }
  const body = await outcome.response.text();
  return {
    status: outcome.response.status,
    body,
    result: outcome.result,
    durationMs: performance.now() - started,
  };
}

/**
 * A refused request: a 4xx with a JSON error, and no trace in the store (no event, no
 * recorded delivery id that would make the platform's retry look like a duplicate).
 */
export async function expectRefused(receiver: Receiver, answer: Exchange): Promise<void> {
  const problems = basicProblems(answer);
  if (answer.status < 400 || answer.status > 499) problems.push("expected a 4xx refusal");
  else problems.push(...(await refusalProblems(receiver, answer)));
  throwIfAny(problems, answer);
}

/**
 * An accepted delivery: a 2xx, and the store holds exactly the events the handler says it
 * stored and the delivery id (or nothing at all for a control request such as `ping`).
 */
export async function expectStored(receiver: Receiver, answer: Exchange): Promise<void> {
  const problems = basicProblems(answer);
  if (answer.status < 200 || answer.status > 299) problems.push("expected a 2xx");
  else problems.push(...(await storedProblems(receiver, answer)));
  throwIfAny(problems, answer);
}

/**
 * Bad data in an authentic delivery: either stored whole (2xx) or refused with a reason
 * (4xx, nothing stored). Never a 5xx: the memory store cannot be down, so a 5xx means the
 * receiver broke on the data, and the platform would retry it forever.
 */
export async function expectStoredOrRefused(receiver: Receiver, answer: Exchange): Promise<void> {
  const problems = basicProblems(answer);
  if (answer.status >= 200 && answer.status <= 299) {
    problems.push(...(await storedProblems(receiver, answer)));
  } else if (answer.status >= 400 && answer.status <= 499) {
    problems.push(...(await refusalProblems(receiver, answer)));
  } else {
    problems.push("expected stored (2xx) or refused (4xx)");
  }
  throwIfAny(problems, answer);
}

/**
 * What holds for every answer, whatever the request carried: a real HTTP status, within
 * {@link ANSWER_DEADLINE_MS}, and a body without stack traces, JavaScript errors or
 * database messages.
 */
function basicProblems(answer: Exchange): string[] {
  const problems: string[] = [];
  if (!(answer.status >= 200 && answer.status <= 599)) problems.push("not an HTTP status");
  for (const leak of leaksIn(answer.body)) problems.push(`the response leaks ${leak}`);
  if (answer.durationMs > ANSWER_DEADLINE_MS) {
    problems.push(
      `answered after ${Math.round(answer.durationMs)} ms, over the ${ANSWER_DEADLINE_MS} ms promise`,
    );
  }
  return problems;
}

async function refusalProblems(receiver: Receiver, answer: Exchange): Promise<string[]> {
  return [...(await nothingStoredProblems(receiver)), ...errorBodyProblems(answer)];
}

async function storedProblems(receiver: Receiver, answer: Exchange): Promise<string[]> {
  const { result } = answer;
  if (result.status === "answered") return nothingStoredProblems(receiver);
  if (result.status !== "processed") {
    return [`a 2xx for a new delivery must be "processed", not "${result.status}"`];
  }
  const { store } = receiver;
  const problems: string[] = [];
  const added = (await countEvents(store.inner)) - receiver.eventsBefore;
  if (added !== result.eventIds.length) {
    problems.push(
      `half stored: the handler reports ${result.eventIds.length} events, the store gained ${added}`,
    );
  }
  for (const id of result.eventIds) {
    if (!(await store.get(id))) problems.push(`half stored: event ${id} is not in the store`);
  }
  const delivery = `${result.platform}:${result.deliveryId}`;
  if (store.recordedDeliveries.join() !== delivery) {
    problems.push(`acknowledged ${delivery} but recorded [${store.recordedDeliveries.join(", ")}]`);
  }
  return problems;
}

async function nothingStoredProblems(receiver: Receiver): Promise<string[]> {
  const { store } = receiver;
  const added = (await countEvents(store.inner)) - receiver.eventsBefore;
  if (added === 0 && store.recordedDeliveries.length === 0) return [];
  return [`stored ${added} events and recorded [${store.recordedDeliveries.join(", ")}] anyway`];
}

function errorBodyProblems(answer: Exchange): string[] {
  let error: unknown;
  try {
    error = (JSON.parse(answer.body) as { error?: unknown }).error;
  } catch {
    return ["a refusal must be a JSON error"];
  }
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || typeof message !== "string" || !code || !message) {
    return ["a refusal must carry { error: { code, message } }"];
  }
  return [];
}

function throwIfAny(problems: string[], answer: Exchange): void {
  if (problems.length === 0) return;
  const body = answer.body.length > 300 ? `${answer.body.slice(0, 300)}…` : answer.body;
  throw new Error(
    `${problems.join("; ")}; answered ${answer.status} (${answer.result.status}) ${body}`,
  );
}
