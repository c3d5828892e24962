const SEGMENT = /^[a-z0-9-]+(?:_+[a-z0-9-]+)*$/;

/**
 * One segment of an event type: lower case, with every run of characters other than
 * letters, digits, `_` and `-` turned into `_`, and `_` trimmed from both ends
 * (`/Deploy.App` → `deploy_app`, `high risk` → `high_risk`). `fallback` when nothing is
 * left or the value is not a string, so a platform's odd action name still yields a valid
 * type.
 */
export function typeSegment(value: unknown, fallback = "unknown"): string {
  if (typeof value !== "string") return fallback;
  // Most names (`pull_request`, `opened`) are a segment already.
  if (SEGMENT.test(value)) return value;
  const segment = value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return segment || fallback;
}
