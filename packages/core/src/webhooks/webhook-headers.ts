import type { IncomingHttpHeaders } from "node:http";

/**
 * The header lookups a webhook source needs. A Fetch `Headers` object is one; the Node
 * listener passes a lighter view over Node's header object instead of copying every
 * header into a `Headers`.
 */
export interface WebhookHeaders {
  /** The header's value (repeated headers joined with `, `), or `null`. Case-insensitive. */
  get(name: string): string | null;
  /** Whether the header is present. Case-insensitive. */
  has(name: string): boolean;
}

/** A {@link WebhookHeaders} view of Node's `request.headers` (whose names are lower case). */
export function nodeHeaders(headers: IncomingHttpHeaders): WebhookHeaders {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
    has(name) {
      return headers[name.toLowerCase()] !== undefined;
    },
  };
}

/** Media type without parameters, lower case: `Application/JSON; charset=utf-8` → `application/json`. */
export function mediaTypeOf(headers: WebhookHeaders): string {
  const value = headers.get("content-type");
  if (!value) return "";
  const end = value.indexOf(";");
  return (end === -1 ? value : value.slice(0, end)).trim().toLowerCase();
}
