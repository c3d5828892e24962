import { ApiCallError } from "@contexten/core";
import type { LinearClient } from "./linear-client";

/**
 * The id a Linear mutation payload returned (`issueId`, `attachmentId`, `commentId`), or
 * an {@link ApiCallError} when Linear answered `success: false` or without the entity.
 */
export function requireMutationResult(
  client: LinearClient,
  operation: string,
  payload: { success: boolean },
  id: string | undefined,
): string {
  if (payload.success && id) return id;
  throw new ApiCallError({
    platform: "linear",
    method: "POST",
    url: client.config.apiUrl,
    status: 200,
    platformCode: "UNSUCCESSFUL",
    isRetryable: false,
    message: `Linear ${operation} answered success: ${payload.success}${id ? "" : " without an id"}; nothing was changed.`,
  });
}
