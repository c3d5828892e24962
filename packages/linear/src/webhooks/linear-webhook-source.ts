import {
  type Clock,
  type CorrelatedEvent,
  systemClock,
  type WebhookDelivery,
  type WebhookRequest,
  type WebhookSource,
} from "@contexten/core";
import {
  assertFreshTimestamp,
  type Environment,
  parseJsonObject,
  resolveWebhookSecrets,
  verifyHmacSignature,
} from "@contexten/core/adapter";
import type { LinearNormalizeInput, LinearReferenceOptions } from "./linear-event-base";
import {
  LINEAR_ACK_DEADLINE_MS,
  LINEAR_WEBHOOK_HEADERS,
  LINEAR_WEBHOOK_TOLERANCE_MS,
} from "./linear-webhook-headers";
import {
  deriveLinearDeliveryId,
  type LinearWebhookPayload,
  validateLinearWebhookPayload,
} from "./linear-webhook-payload";
import { normalizeAgentSessionEvent, normalizeAppUserNotification } from "./normalize-app-user";
import { normalizeAttachment } from "./normalize-attachment";
import { normalizeComment } from "./normalize-comment";
import { normalizeEntity } from "./normalize-entity";
import { normalizeIssue } from "./normalize-issue";

/** Options of {@link linearWebhooks}. */
export interface LinearWebhooksOptions extends LinearReferenceOptions {
  /** The webhook's signing secret (comma-separated for rotation). Default `LINEAR_WEBHOOK_SECRET`. */
  secret?: string | undefined;
  /** Several secrets, newest first; any one verifies (rotation). */
  secrets?: readonly string[] | undefined;
  /**
   * Largest accepted distance between the signed `webhookTimestamp` and now, ms. Default
   * 60,000, Linear's own limit.
   */
  toleranceMs?: number | undefined;
  /** Time source for the freshness check. Default the system clock. */
  clock?: Clock | undefined;
  /** Environment to read `LINEAR_WEBHOOK_SECRET` from. Default `process.env`. */
  env?: Environment | undefined;
}

/** Linear's webhooks as a core `WebhookSource`. */
export type LinearWebhookSource = WebhookSource<LinearWebhookPayload>;

const NORMALIZERS: ReadonlyMap<string, (input: LinearNormalizeInput) => CorrelatedEvent[]> =
  new Map([
    ["Issue", normalizeIssue],
    ["Comment", normalizeComment],
    ["Attachment", normalizeAttachment],
    ["AppUserNotification", normalizeAppUserNotification],
    ["AgentSessionEvent", normalizeAgentSessionEvent],
  ]);

/**
 * Linear's webhooks as a source for core's `createWebhookHandler`.
 *
 * - **Verify**: `Linear-Signature` is the hex HMAC-SHA256 of the raw body; it is checked
 *   in constant time against every configured secret (core's `verifyHmacSignature`), then
 *   the signed `webhookTimestamp` (ms, inside the body) must be within 60 s of now (core's
 *   `assertFreshTimestamp`; `toleranceMs` changes it). Either failure is
 *   answered 401 and nothing is stored.
 * - **Parse**: the envelope must be well formed (400 otherwise). The delivery id is the
 *   `Linear-Delivery` header; without it (a proxy stripped it) the id is derived from the
 *   signed body's stable fields, so Linear's retries still dedupe.
 * - **Normalize**: Issue (plus `linear.issue.status_changed` for a state change), Comment,
 *   Attachment, IssueLabel, Project, ProjectUpdate, Cycle, an app user's notifications and
 *   agent sessions (both ref the issue they name), and any other type as
 *   `linear.<type>.<action>`.
 *
 * @example
 * const handler = createWebhookHandler({
 *   sources: [linearWebhooks({ secret: process.env.LINEAR_WEBHOOK_SECRET })],
 *   store,
 *   onEvent: (event) => engine.processStoredEvent(event),
 * });
 */
export function linearWebhooks(options: LinearWebhooksOptions = {}): LinearWebhookSource {
  const secrets = resolveWebhookSecrets({
    platform: "linear",
    name: "Linear",
    secret: options.secret,
    secrets: options.secrets,
    env: options.env,
    variable: "LINEAR_WEBHOOK_SECRET",
    whereToFind: "Linear shows it on the webhook's settings page.",
  });
  const clock = options.clock ?? systemClock;
  const toleranceMs = options.toleranceMs ?? LINEAR_WEBHOOK_TOLERANCE_MS;
  const references: LinearReferenceOptions = {
    ...(options.teams ? { teams: options.teams } : {}),
    ...(options.githubHosts ? { githubHosts: options.githubHosts } : {}),
  };
  // verify reads webhookTimestamp from the JSON body; parse reuses that parse.
  const parsed = new WeakMap<WebhookRequest, Record<string, unknown> | Error>();
  const readJson = (request: WebhookRequest) => {
    let body = parsed.get(request);
    if (!body) {
      try {
        body = parseJsonObject(request.text, "linear");
      } catch (error) {
        body = error instanceof Error ? error : new Error(String(error));
      }
      parsed.set(request, body);
    }
    return body;
  };

  return {
    platform: "linear",
    contentTypes: ["application/json"],
    ackDeadlineMs: LINEAR_ACK_DEADLINE_MS,
    matches: (request) =>
      request.headers.has(LINEAR_WEBHOOK_HEADERS.signature) ||
      request.headers.has(LINEAR_WEBHOOK_HEADERS.event),
    verify(request) {
      const checkFreshness = () => {
        const body = readJson(request);
        // A signed body that is not JSON is a 400, reported by parse.
        if (body instanceof Error) return;
        assertFreshTimestamp({
          platform: "linear",
          source: "webhookTimestamp (signed, in the body)",
          timestampMs:
            typeof body.webhookTimestamp === "number" ? body.webhookTimestamp : undefined,
          toleranceMs,
          nowMs: clock.now(),
        });
      };
      const signatureChecked = verifyHmacSignature({
        platform: "linear",
        header: "Linear-Signature",
        signature: request.headers.get(LINEAR_WEBHOOK_HEADERS.signature),
        secrets,
        payload: request.rawBody,
      });
      // A promise only where node:crypto is missing (an edge runtime: Web Crypto then).
      if (signatureChecked) return signatureChecked.then(checkFreshness);
      checkFreshness();
    },
    parse(request) {
      const body = readJson(request);
      if (body instanceof Error) throw body;
      const payload = validateLinearWebhookPayload(body);
      return {
        kind: "delivery",
        deliveryId:
          request.headers.get(LINEAR_WEBHOOK_HEADERS.delivery) || deriveLinearDeliveryId(payload),
        eventName: payload.type,
        body: payload,
      };
    },
    normalize(delivery: WebhookDelivery<LinearWebhookPayload>, { request }) {
      // A Map, so a type named after an Object.prototype member (`toString`) is just unknown.
      const normalize = NORMALIZERS.get(delivery.body.type) ?? normalizeEntity;
      return normalize({ delivery, request, references });
    },
  };
}
