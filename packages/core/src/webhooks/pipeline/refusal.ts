import type { WebhookErrorCode, WebhookRefusal } from "../webhook-answer";

/** A refusal produced by a pipeline step, told apart from a step's value by `refused`. */
export interface StepRefusal extends WebhookRefusal {
  /** Marks a refusal. */
  readonly refused: true;
}

/** Builds a {@link StepRefusal}. */
export function refuse(
  status: number,
  code: WebhookErrorCode,
  message: string,
  headers?: Record<string, string>,
): StepRefusal {
  return headers
    ? { refused: true, status, code, message, headers }
    : { refused: true, status, code, message };
}

/** Whether a step returned a refusal instead of its value. */
export function isRefusal(value: unknown): value is StepRefusal {
  return typeof value === "object" && value !== null && (value as StepRefusal).refused === true;
}
