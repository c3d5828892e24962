import { randomUUID } from "node:crypto";
import { signGitHubWebhook } from "@contexten/github/testing";
import { LINEAR_WEBHOOK_HEADERS } from "@contexten/linear";
import { signLinearWebhook } from "@contexten/linear/testing";
import { SLACK_WEBHOOK_HEADERS } from "@contexten/slack";
import { signSlackWebhook } from "@contexten/slack/testing";
import type { PayloadFixture } from "./fixtures";
import { toJsonText } from "./raw-json";
import { type Platform, SECRETS } from "./receiver";

/** Where signed requests are addressed (the handler routes by headers, not by path). */
export const WEBHOOK_URL = "http://127.0.0.1/webhooks";

/** Options of {@link signedRawRequest}. */
export interface SignedRawRequestOptions {
  /** `Content-Type`; default `application/json`. */
  contentType?: string;
  /** GitHub's `X-GitHub-Event` (default `push`) or Linear's `Linear-Event` (default `Issue`). */
  event?: string;
  /** Delivery id header (GitHub, Linear); default a random UUID. */
  deliveryId?: string;
  /** Extra or overriding headers. */
  headers?: Record<string, string>;
  /** Target URL; default {@link WEBHOOK_URL}. */
  url?: string;
}

/**
 * A POST whose body is correctly signed for `platform` with the receiver's secret, with
 * the headers the platform always sends. The body is taken as it is: garbage stays
 * garbage, but it is authentic garbage, so the receiver must get past the signature.
 */
export async function signedRawRequest(
  platform: Platform,
  body: string | Uint8Array,
  options: SignedRawRequestOptions = {},
): Promise<Request> {
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/json",
    ...(await signatureHeaders(platform, body, options)),
    ...options.headers,
  };
  return new Request(options.url ?? WEBHOOK_URL, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
}

/** The headers that authenticate `body` as a delivery from `platform`. */
export async function signatureHeaders(
  platform: Platform,
  body: string | Uint8Array,
  options: Pick<SignedRawRequestOptions, "event" | "deliveryId"> = {},
): Promise<Record<string, string>> {
  const deliveryId = options.deliveryId ?? randomUUID();
  switch (platform) {
    case "github":
      return {
        "x-github-event": options.event ?? "push",
        "x-github-delivery": deliveryId,
        "x-github-hook-id": "1",
        "x-hub-signature-256": signGitHubWebhook(SECRETS.github, body),
      };
    case "slack": {
      const timestamp = Math.floor(Date.now() / 1000);
      return {
        [SLACK_WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [SLACK_WEBHOOK_HEADERS.signature]: signSlackWebhook(SECRETS.slack, body, timestamp),
      };
    }
    case "linear":
      return {
        [LINEAR_WEBHOOK_HEADERS.signature]: signLinearWebhook(SECRETS.linear, body),
        [LINEAR_WEBHOOK_HEADERS.delivery]: deliveryId,
        [LINEAR_WEBHOOK_HEADERS.event]: options.event ?? "Issue",
      };
  }
}

/**
 * A fixture's payload as the platform would send it now: a copy, with Linear's signed
 * `webhookTimestamp` set to the current time (Linear refuses stale ones).
 */
export function freshPayload(fixture: PayloadFixture): Record<string, unknown> {
  const payload = { ...fixture.payload };
  if (fixture.platform === "linear") payload.webhookTimestamp = Date.now();
  return payload;
}

let deliveryCount = 0;

/**
 * `payload` with new values in the fields Slack derives delivery ids from (`event_id`,
 * `trigger_id`), when it has them, so a store that outlives one request never takes a
 * second delivery for a redelivery of the first.
 */
export function withFreshDeliveryIds(payload: Record<string, unknown>): Record<string, unknown> {
  const fresh = { ...payload };
  deliveryCount += 1;
  const unique = `${process.pid}${deliveryCount}${randomUUID().slice(0, 8)}`;
  if (typeof fresh.event_id === "string") fresh.event_id = `Ev${unique}`;
  if (typeof fresh.trigger_id === "string") fresh.trigger_id = `${unique}.1.hostile`;
  return fresh;
}

/** The request body and content type a fixture's (possibly mutated) payload travels in. */
export function encodeFixtureBody(
  fixture: PayloadFixture,
  payload: unknown,
): { body: string; contentType: string } {
  switch (fixture.encoding) {
    case "json":
      return { body: toJsonText(payload), contentType: "application/json" };
    case "slack-interaction":
      return {
        body: new URLSearchParams({ payload: toJsonText(payload) }).toString(),
        contentType: "application/x-www-form-urlencoded",
      };
    case "slack-command": {
      // A form carries strings only: whatever else a mutation put in becomes its JSON text.
      const fields =
        typeof payload === "object" && payload !== null && !Array.isArray(payload)
          ? Object.entries(payload).map(([key, value]): [string, string] => [
              key,
              typeof value === "string" ? value : toJsonText(value),
            ])
          : [["payload", toJsonText(payload)] as [string, string]];
      return {
        body: new URLSearchParams(fields).toString(),
        contentType: "application/x-www-form-urlencoded",
      };
    }
  }
}

/** A signed request carrying `payload` (default: the fixture's own) the way `fixture` travels. */
export async function signedFixtureRequest(
  fixture: PayloadFixture,
  payload: unknown = freshPayload(fixture),
  options: Omit<SignedRawRequestOptions, "contentType" | "event"> = {},
): Promise<Request> {
  const { body, contentType } = encodeFixtureBody(fixture, payload);
  const event =
    fixture.event ?? (fixture.platform === "linear" ? linearEventOf(payload) : undefined);
  return signedRawRequest(fixture.platform, body, {
    ...options,
    contentType,
    ...(event ? { event } : {}),
  });
}

/** Linear names the payload's `type` in `Linear-Event`. */
function linearEventOf(payload: unknown): string | undefined {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === "string" ? type : undefined;
}
