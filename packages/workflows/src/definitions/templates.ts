import { readPath } from "@contexten/core/adapter";

/** `{{ trigger.payload.x }}`: a dotted path between double braces. */
const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE_TEMPLATE = /^\{\{\s*([^{}]*?)\s*\}\}$/;

/** The roots a template may start with. */
export const TEMPLATE_ROOTS = ["trigger", "event", "input", "steps", "run"] as const;

/** What templates read: the trigger event, the manual input, step results and the run. */
export interface TemplateContext {
  /** The trigger event as JSON (dates as ISO strings), or `null`. */
  trigger: unknown;
  /** Alias of `trigger`. */
  event: unknown;
  /** A manual trigger's input. */
  input: Record<string, unknown>;
  /** Results of steps by id. */
  steps: Record<string, { status: string; output: unknown; error: unknown }>;
  /** The run. */
  run: { id: string; definitionId: string; name: string };
}

/** One template found in a value, with where it is. */
export interface TemplateUse {
  /** The dotted path inside the braces. */
  path: string;
  /** Where the string holding it is, dotted (`channel`, `blocks.0.text`). */
  location: string;
}

/** Every template in a value (strings inside objects and arrays included). */
export function findTemplates(value: unknown, location = ""): TemplateUse[] {
  if (typeof value === "string") {
    return [...value.matchAll(TEMPLATE)].map((match) => ({ path: match[1]!, location }));
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findTemplates(item, join(location, String(index))));
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => findTemplates(item, join(location, key)));
  }
  return [];
}

function join(location: string, key: string): string {
  return location ? `${location}.${key}` : key;
}

/** Reads a template path from the context. */
export function readTemplatePath(context: TemplateContext, path: string): unknown {
  return readPath(context, path);
}

function toText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * Renders every template in `value` without evaluating code: a string that is exactly one
 * template becomes the value at its path (any type, `undefined` when absent); templates
 * inside longer strings are replaced by their text (objects as JSON, nothing for absent
 * values). Objects and arrays are rendered recursively; other values are kept.
 */
export function renderTemplates(value: unknown, context: TemplateContext): unknown {
  if (typeof value === "string") {
    const whole = WHOLE_TEMPLATE.exec(value);
    if (whole) return readTemplatePath(context, whole[1]!);
    return value.replace(TEMPLATE, (_, path: string) => toText(readTemplatePath(context, path)));
  }
  if (Array.isArray(value)) return value.map((item) => renderTemplates(item, context));
  if (typeof value === "object" && value !== null) {
    const rendered: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const result = renderTemplates(item, context);
      if (result !== undefined) rendered[key] = result;
    }
    return rendered;
  }
  return value;
}
