/** The value a label takes once its limit of distinct values is reached. */
export const OVERFLOW_LABEL_VALUE = "__other__";

/** The value used when a label's input is missing. */
export const UNKNOWN_LABEL_VALUE = "unknown";

/**
 * Keeps a label's distinct values under a limit, so input that varies without bound
 * (repository names, ids that slipped into a route) cannot grow the number of series:
 * the first `limit` distinct values pass through, later new ones become `__other__`.
 * Values already admitted keep counting under their own name.
 */
export class BoundedLabel {
  readonly #seen = new Set<string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The label value to record for `value`. */
  admit(value: string | undefined): string {
    const label = value === undefined || value === "" ? UNKNOWN_LABEL_VALUE : value;
    if (this.#seen.has(label)) return label;
    if (this.#seen.size >= this.#limit) return OVERFLOW_LABEL_VALUE;
    this.#seen.add(label);
    return label;
  }
}

const ID_SEGMENTS = [
  /^\d+$/,
  // Hex shas and object ids (with at least one digit, so words like `cafe` stay).
  /^(?=.*\d)[0-9a-f]{7,64}$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  // Issue keys (`ENG-123`) and Slack ids (`C0ENGINEER`), which are upper case.
  /^[A-Z][A-Z0-9]*-\d+$/,
  /^[CDGUW][A-Z0-9]{8,}$/,
];

/**
 * Turns an endpoint into a route template: drops the origin, query and fragment, and
 * replaces segments that look like ids (numbers, hex shas, UUIDs, issue keys like
 * `ENG-123`, Slack channel ids) with `{id}`. Templates the clients already report
 * (`GET /repos/{owner}/{repo}`, `chat.postMessage`) pass through unchanged.
 */
export function templateEndpoint(endpoint: string): string {
  const [method, ...rest] = endpoint.trim().split(/\s+/);
  const hasMethod = rest.length > 0 && /^[A-Z]+$/.test(method ?? "");
  let target = hasMethod ? rest.join(" ") : endpoint.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(target);
  if (scheme) target = target.slice(scheme[0].length) || "/";
  target = target.replace(/[?#].*$/, "");
  if (target.includes("/")) {
    target = target
      .split("/")
      .map((segment) => (ID_SEGMENTS.some((pattern) => pattern.test(segment)) ? "{id}" : segment))
      .join("/");
  }
  return hasMethod ? `${method} ${target}` : target;
}
