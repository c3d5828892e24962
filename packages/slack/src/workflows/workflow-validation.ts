import { ConfigurationError } from "@contexten/core";
import { SLACK_LIMITS } from "../blocks/slack-limits";
import type {
  WorkflowInput,
  WorkflowSession,
  WorkflowTemplate,
  WorkflowTemplateStep,
  WorkflowValue,
  WorkflowValues,
} from "./workflow-types";

const ID = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * `local@domain.tld` with no whitespace and one `@`, checked by scanning once (the usual
 * `[^\s@]+@[^\s@]+\.[^\s@]+` pattern backtracks quadratically on long input without a dot).
 */
function looksLikeEmail(text: string): boolean {
  if (/\s/.test(text)) return false;
  const at = text.indexOf("@");
  if (at <= 0 || at !== text.lastIndexOf("@")) return false;
  const dot = text.indexOf(".", at + 2);
  return dot !== -1 && dot < text.length - 1;
}

function isEmpty(value: WorkflowValue): boolean {
  return value === undefined || (Array.isArray(value) ? value.length === 0 : value.trim() === "");
}

function checkInput(
  input: WorkflowInput,
  value: WorkflowValue,
  values: WorkflowValues,
  session: WorkflowSession,
): string | undefined {
  if (isEmpty(value)) return input.required === false ? undefined : "Please fill this in.";
  const texts = Array.isArray(value) ? value : [value!];
  const type = input.type ?? "text";
  if ((type === "select" || type === "multiselect") && input.options) {
    const allowed = new Set(input.options.map((option) => option.value));
    if (texts.some((text) => !allowed.has(text))) return "Please pick one of the options.";
  }
  for (const text of texts) {
    if (input.minLength !== undefined && text.trim().length < input.minLength) {
      return `Please write at least ${input.minLength} characters.`;
    }
    if (input.maxLength !== undefined && text.length > input.maxLength) {
      return `Please keep it under ${input.maxLength + 1} characters.`;
    }
    if (type === "number") {
      const number = Number(text);
      if (!Number.isFinite(number)) return "Please enter a number.";
      if (input.min !== undefined && number < input.min)
        return `Please enter ${input.min} or more.`;
      if (input.max !== undefined && number > input.max)
        return `Please enter ${input.max} or less.`;
    }
    if (type === "email" && !looksLikeEmail(text)) {
      return "Please enter an email address.";
    }
    if (type === "url" && !/^https?:\/\/\S+$/i.test(text))
      return "Please enter a link (https://…).";
    if (
      input.pattern &&
      !new RegExp(input.pattern.source, input.pattern.flags.replace("g", "")).test(text)
    ) {
      return input.patternMessage ?? "Please check the format.";
    }
  }
  return input.validate?.(value, values, session);
}

/**
 * Checks a step's submitted values against its inputs: required inputs, lengths, numbers
 * and their bounds, emails, links, options, patterns, each input's `validate`, then the
 * step's own `validate` across inputs. Returns error messages by input id (the block id
 * Slack shows them under), empty when everything is fine. Pure.
 */
export function validateStep(
  step: WorkflowTemplateStep,
  values: WorkflowValues,
  session: WorkflowSession,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const input of step.inputs) {
    const error = checkInput(input, values[input.id], values, session);
    if (error) errors[input.id] = error;
  }
  if (Object.keys(errors).length > 0) return errors;
  return { ...step.validate?.(values, session) };
}

/**
 * Refuses a template Slack could not show: no steps, duplicate or malformed ids, titles
 * over 24 characters, more inputs than a modal holds, selects without options. Throws
 * `ConfigurationError` naming every problem.
 */
export function assertValidTemplate(template: WorkflowTemplate): void {
  const problems: string[] = [];
  const where = `workflow template "${template.type}"`;
  if (!ID.test(template.type))
    problems.push("type may hold letters, digits, _ . - only (at most 100)");
  if (!template.title || template.title.length > SLACK_LIMITS.modalTitle) {
    problems.push(`title must be 1-${SLACK_LIMITS.modalTitle} characters`);
  }
  if (template.steps.length === 0) problems.push("needs at least one step");
  const stepIds = new Set<string>();
  for (const step of template.steps) {
    if (!ID.test(step.id) || stepIds.has(step.id))
      problems.push(`step id "${step.id}" is malformed or repeated`);
    stepIds.add(step.id);
    if (step.title !== undefined && step.title.length > SLACK_LIMITS.modalTitle) {
      problems.push(`step "${step.id}" title is over ${SLACK_LIMITS.modalTitle} characters`);
    }
    if (step.inputs.length === 0 || step.inputs.length > SLACK_LIMITS.modalBlocks - 2) {
      problems.push(`step "${step.id}" needs 1-${SLACK_LIMITS.modalBlocks - 2} inputs`);
    }
    const inputIds = new Set<string>();
    for (const input of step.inputs) {
      if (!ID.test(input.id) || inputIds.has(input.id)) {
        problems.push(`input id "${input.id}" in step "${step.id}" is malformed or repeated`);
      }
      inputIds.add(input.id);
      const select = input.type === "select" || input.type === "multiselect";
      if (select && (input.options?.length ?? 0) === 0) {
        problems.push(`select "${input.id}" in step "${step.id}" has no options`);
      }
      if ((input.options?.length ?? 0) > SLACK_LIMITS.selectOptions) {
        problems.push(`select "${input.id}" has more than ${SLACK_LIMITS.selectOptions} options`);
      }
    }
  }
  if (problems.length > 0) {
    throw new ConfigurationError({
      platform: "slack",
      message: `Invalid ${where}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    });
  }
}
