import { createHash } from "node:crypto";
import { ValidationError } from "@contexten/core";
import { parseJsonObject } from "@contexten/core/adapter";
import { issueIdentifierOf } from "./issue-identifier";

/**
 * A Linear webhook body (Linear's `EntityWebhookPayload` and friends; see
 * https://linear.app/developers/webhooks and `@linear/sdk/webhooks`' typed payloads).
 * Only the envelope is fixed; `data` holds the entity in its `…WebhookPayload` shape.
 */
export interface LinearWebhookPayload {
  /** `create`, `update`, `remove`, `restore`, or a type-specific action (`set`, `breached` …). */
  action: string;
  /** Entity type: `Issue`, `Comment`, `Attachment`, `IssueLabel`, `Project`, `Cycle`, … */
  type: string;
  /** The entity after the action. */
  data?: Record<string, unknown>;
  /** For `update`: the previous values of the fields that changed (ids, e.g. `stateId`). */
  updatedFrom?: Record<string, unknown>;
  /** Link to the entity in Linear. */
  url?: string;
  /** When the action happened (ISO). */
  createdAt?: string;
  /** Workspace id. */
  organizationId?: string;
  /** When Linear sent the webhook, ms since the epoch; signed with the body. */
  webhookTimestamp: number;
  /** Id of the webhook configuration. */
  webhookId?: string;
  /** Who acted (user, OAuth client, integration). */
  actor?: Record<string, unknown>;
  /** Anything else Linear adds. */
  [field: string]: unknown;
}

/** Types whose `data` the source normalizes specifically (and therefore validates). */
const ENTITY_TYPES: ReadonlySet<string> = new Set([
  "Issue",
  "Comment",
  "Attachment",
  "IssueLabel",
  "Project",
  "Cycle",
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function invalid(message: string): ValidationError {
  return new ValidationError({
    platform: "linear",
    message: `Malformed Linear webhook: ${message}`,
  });
}

/**
 * Parses and checks a webhook body: a JSON object with string `type` and `action`, a
 * numeric `webhookTimestamp`, object `data` / `updatedFrom` when present, and for the
 * entity types normalized specifically (Issue, Comment, Attachment, IssueLabel, Project,
 * Cycle) a `data.id` (an Issue also needs `data.identifier`, or `data.team.key` and
 * `data.number` to build it from). Other types only need the
 * envelope, so new Linear event types are stored, not rejected. Throws `ValidationError`.
 */
export function readLinearWebhookPayload(text: string): LinearWebhookPayload {
  return validateLinearWebhookPayload(parseJsonObject(text, "linear"));
}

/** The checks of {@link readLinearWebhookPayload} on an already parsed object. */
export function validateLinearWebhookPayload(body: Record<string, unknown>): LinearWebhookPayload {
  for (const field of ["type", "action"] as const) {
    if (typeof body[field] !== "string" || body[field] === "") {
      throw invalid(`"${field}" must be a non-empty string.`);
    }
  }
  if (typeof body.webhookTimestamp !== "number" || !Number.isFinite(body.webhookTimestamp)) {
    throw invalid('"webhookTimestamp" must be a number (ms since the epoch).');
  }
  for (const field of ["data", "updatedFrom"] as const) {
    if (body[field] !== undefined && body[field] !== null && !isRecord(body[field])) {
      throw invalid(`"${field}" must be an object.`);
    }
  }
  const type = body.type as string;
  if (ENTITY_TYPES.has(type)) {
    const data = body.data;
    if (!isRecord(data) || typeof data.id !== "string" || data.id === "") {
      throw invalid(`a ${type} webhook needs "data.id".`);
    }
    if (type === "Issue" && !issueIdentifierOf(data)) {
      throw invalid(
        'an Issue webhook needs "data.identifier" (e.g. ENG-123), or "data.team.key" and "data.number" to build it from.',
      );
    }
  }
  return body as LinearWebhookPayload;
}

/**
 * A delivery id for a request without `Linear-Delivery` (Linear always sends one; a
 * proxy may strip it): a hash of fields that stay the same when Linear retries the
 * delivery — webhook id, type, action, entity id and update time, and the action's
 * `createdAt` — but not `webhookTimestamp`, which is fresh on every attempt.
 */
export function deriveLinearDeliveryId(payload: LinearWebhookPayload): string {
  const data = payload.data ?? {};
  const parts = [
    payload.webhookId,
    payload.type,
    payload.action,
    data.id,
    data.updatedAt,
    payload.createdAt,
  ].map((part) =>
    // Only text and numbers: the signed body may hold anything here, and turning an array
    // or object into text could recurse without end.
    typeof part === "string" || typeof part === "number" ? String(part) : "",
  );
  return `derived-${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32)}`;
}
