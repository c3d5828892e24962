import { ApiCallError, RateLimitError } from "@contexten/core";
import { findApiCallError } from "@contexten/core/adapter";
import { ErrorCode } from "@slack/web-api";

/**
 * Slack error codes that describe a transient failure on Slack's side: retrying the same
 * call later may succeed. Everything else (`channel_not_found`, `invalid_auth`,
 * `missing_scope`, …) needs a change first.
 */
export const SLACK_RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "ratelimited",
]);

/** What to do about common Slack errors, appended to the error message. */
const HINTS: Readonly<Record<string, string>> = {
  channel_not_found: "check the channel id, and that the bot can see the channel",
  not_in_channel: "invite the bot to the channel first (/invite @your-app)",
  is_archived: "the channel is archived; unarchive it or post elsewhere",
  invalid_auth: "check the bot token (SLACK_BOT_TOKEN)",
  not_authed: "no token was sent: set SLACK_BOT_TOKEN or pass botToken",
  token_revoked: "the token was revoked: reinstall the app and use the new token",
  account_inactive: "the token belongs to a deactivated user or workspace",
  missing_scope: "add the needed OAuth scope to the app and reinstall it",
  invalid_blocks: "the blocks do not match Block Kit's schema",
  msg_too_long: "the message text is too long",
  expired_trigger_id: "open the modal within 3 seconds of the interaction",
  invalid_trigger_id: "the trigger id is unknown or was already used",
  hash_conflict: "the view changed since it was read; read it again and retry",
  message_not_found: "the message ts does not exist in that channel",
  cant_update_message: "only messages posted by this app can be updated",
};

interface SlackPlatformErrorShape {
  code: string;
  data: { error: string; needed?: string; provided?: string; [key: string]: unknown };
}

interface SlackHttpErrorShape {
  code: string;
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * Turns whatever the Slack SDK threw for `method` into a contexten error:
 *
 * - an `ok: false` answer becomes `ApiCallError` with Slack's code in `platformCode`
 *   (`isRetryable` only for Slack's transient errors) and a hint in the message;
 * - a `RateLimitError` / `ApiCallError` from core's resilient fetch (wrapped by the SDK in
 *   `WebAPIRequestError.original`) is returned as it is;
 * - a non-200 HTTP answer becomes `ApiCallError` with its status, headers and body.
 *
 * Anything unrecognized is returned unchanged.
 */
export function toSlackApiError(error: unknown, method: string, url: string): unknown {
  const fromPipeline = findApiCallError(error);
  if (fromPipeline) return fromPipeline;
  if (typeof error !== "object" || error === null) return error;
  const code = (error as { code?: unknown }).code;
  const call = { platform: "slack", method: "POST", url, cause: error };
  if (code === ErrorCode.PlatformError) {
    const { data } = error as SlackPlatformErrorShape;
    const platformCode = data.error;
    const hint =
      platformCode === "missing_scope" && data.needed
        ? `add the ${data.needed} scope to the app and reinstall it`
        : HINTS[platformCode];
    return new ApiCallError({
      ...call,
      status: 200,
      body: data,
      platformCode,
      isRetryable: SLACK_RETRYABLE_ERRORS.has(platformCode),
      message: `Slack ${method} failed: ${platformCode}${hint ? ` (${hint})` : ""}`,
    });
  }
  if (code === ErrorCode.HTTPError) {
    const http = error as SlackHttpErrorShape;
    return new ApiCallError({
      ...call,
      status: http.statusCode,
      headers: http.headers,
      body: http.body,
      message: `Slack ${method} answered HTTP ${http.statusCode}`,
    });
  }
  if (code === ErrorCode.RateLimitedError) {
    const retryAfter = (error as { retryAfter?: number }).retryAfter;
    return new RateLimitError({
      ...call,
      status: 429,
      resource: method,
      retryAfterMs: retryAfter === undefined ? undefined : retryAfter * 1000,
    });
  }
  if (code === ErrorCode.RequestError) {
    const original = (error as { original?: unknown }).original;
    return new ApiCallError({
      ...call,
      message: `Slack ${method} could not be sent: ${original instanceof Error ? original.message : String(original)}`,
    });
  }
  return error;
}
