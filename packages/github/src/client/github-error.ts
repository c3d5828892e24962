import { ApiCallError, NotFoundError } from "@contexten/core";
import { findApiCallError } from "@contexten/core/adapter";

/** What Octokit's `RequestError` carries (read structurally; it is not re-exported by core). */
interface OctokitRequestErrorShape {
  name: string;
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function isOctokitRequestError(error: unknown): error is OctokitRequestErrorShape {
  return (
    error instanceof Error &&
    typeof (error as Partial<OctokitRequestErrorShape>).status === "number" &&
    error.name === "HttpError"
  );
}

/** What a failed call was after, so a 404 becomes a `NotFoundError` naming it. */
export interface GitHubErrorContext {
  /** Kind of object looked up: `issue`, `pull request`, `repository`, … */
  entity?: string;
  /** Its id or key as the caller gave it. */
  id?: string;
}

function headersOf(
  headers: Record<string, string | number | undefined> | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) record[name.toLowerCase()] = String(value);
  }
  return record;
}

function hintFor(status: number): string {
  if (status === 401) {
    return " GitHub rejected the credentials: check the token (GITHUB_TOKEN) or the app's id, private key and installation.";
  }
  if (status === 403) {
    return " The credentials lack a permission or scope this call needs.";
  }
  if (status === 422) return " GitHub refused the input; its message says which field.";
  return "";
}

/**
 * Turns whatever an Octokit call threw into a core error: the `ApiCallError` /
 * `RateLimitError` the resilient fetch raised (Octokit wraps it in `cause`), a
 * `NotFoundError` for a 404 on a lookup, or an `ApiCallError` carrying GitHub's status,
 * headers and body. Anything else is returned unchanged.
 */
export function toGitHubError(error: unknown, context: GitHubErrorContext = {}): unknown {
  const fromPipeline = findApiCallError(error);
  if (fromPipeline) return fromPipeline;
  if (!isOctokitRequestError(error)) return error;
  if (error.status === 404 && context.entity) {
    return new NotFoundError({
      entity: context.entity,
      id: context.id ?? "",
      platform: "github",
    });
  }
  const body = error.response?.data;
  const githubMessage =
    typeof body === "object" &&
    body !== null &&
    typeof (body as { message?: unknown }).message === "string"
      ? (body as { message: string }).message
      : undefined;
  return new ApiCallError({
    platform: "github",
    method: error.request?.method,
    url: error.request?.url ?? "",
    status: error.status,
    headers: headersOf(error.response?.headers),
    body,
    cause: error,
    message:
      `GitHub API call ${error.request?.method ?? ""} ${error.request?.url ?? ""} failed with status ${error.status}` +
      (githubMessage ? `: ${githubMessage}.` : ".") +
      hintFor(error.status),
  });
}
