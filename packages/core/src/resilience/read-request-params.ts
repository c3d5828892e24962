import type { FetchBody } from "./resilient-fetch";
import { readJsonBody } from "./resilient-response";

/**
 * Reads a request body as an object: JSON, form-encoded or `URLSearchParams`. For a
 * platform's `resolveRequest`, which prices a call by what it sends (a GraphQL query, a
 * Slack channel).
 */
export function readRequestParams(
  body: FetchBody,
  contentType?: string | null,
): Record<string, unknown> {
  if (body instanceof URLSearchParams) return Object.fromEntries(body);
  let text: string | undefined;
  if (typeof body === "string") text = body;
  else if (body instanceof Uint8Array) text = new TextDecoder().decode(body);
  if (text === undefined) return {};
  const json = readJsonBody(text);
  if (json && typeof json === "object" && !Array.isArray(json))
    return json as Record<string, unknown>;
  if (contentType?.includes("json")) return {};
  return Object.fromEntries(new URLSearchParams(text));
}
