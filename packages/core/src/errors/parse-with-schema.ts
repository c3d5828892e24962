import type { z } from "zod";
import { ValidationError, type ValidationIssue } from "./validation-error";

/**
 * Turns zod issues into {@link ValidationIssue}s with dotted paths, e.g.
 * `refs.0.evidence: Invalid option: expected one of "closes"|"mentions"|...`.
 */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/**
 * Validates `input` against `schema` and returns the parsed value, or throws a
 * {@link ValidationError} whose message names `what` and lists every issue with its path.
 *
 * @example parseWithSchema(correlatedEventSchema, body, "CorrelatedEvent")
 */
export function parseWithSchema<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error);
  const lines = issues.map((issue) => `  - ${issue.path || "(root)"}: ${issue.message}`);
  throw new ValidationError({
    message: `Invalid ${what}:\n${lines.join("\n")}`,
    issues,
    cause: result.error,
  });
}
