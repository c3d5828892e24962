import { createHmac, randomUUID } from "node:crypto";

/** Options of {@link createGitHubWebhookRequest}. */
export interface GitHubWebhookRequestOptions {
  /** Secret to sign with. */
  secret: string;
  /** `X-GitHub-Event`, e.g. `pull_request`. */
  event: string;
  /** The payload: an object (serialized as GitHub does, compact JSON) or the exact body text. */
  payload: unknown;
  /** `X-GitHub-Delivery`; default a random UUID, as GitHub's. */
  deliveryId?: string | undefined;
  /** `json` (default) or `form` (`application/x-www-form-urlencoded`, `payload=<json>`). */
  contentType?: "json" | "form" | undefined;
  /** Target URL (default `http://127.0.0.1/webhooks/github`). */
  url?: string | undefined;
  /** Extra or overriding headers. */
  headers?: Record<string, string> | undefined;
}

/**
 * GitHub's signature of a body: `sha256=<hex HMAC-SHA256>` with the webhook's secret, the
 * value of `X-Hub-Signature-256` (checked against GitHub's published example and against
 * `@octokit/webhooks-methods` in this package's tests). Built on `node:crypto` so the
 * helper also loads from CommonJS: `@octokit/webhooks-methods` is ES-module-only and cannot
 * be `require`d.
 */
export function signGitHubWebhook(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Builds a webhook `Request` exactly as GitHub sends it: the body (JSON, or
 * `payload=<url-encoded JSON>` for form deliveries), `X-Hub-Signature-256` over those
 * bytes, `X-GitHub-Event`, `X-GitHub-Delivery`, `X-GitHub-Hook-ID` and GitHub's user
 * agent. Use it to test handlers and to replay deliveries into a demo.
 *
 * @example
 * const request = createGitHubWebhookRequest({ secret, event: "push", payload });
 * const response = await handler(request);
 */
export function createGitHubWebhookRequest(options: GitHubWebhookRequestOptions): Request {
  const json =
    typeof options.payload === "string" ? options.payload : JSON.stringify(options.payload);
  const form = options.contentType === "form";
  const body = form ? `payload=${encodeURIComponent(json)}` : json;
  return new Request(options.url ?? "http://127.0.0.1/webhooks/github", {
    method: "POST",
    headers: {
      "content-type": form ? "application/x-www-form-urlencoded" : "application/json",
      "user-agent": "GitHub-Hookshot/contexten-test",
      "x-github-event": options.event,
      "x-github-delivery": options.deliveryId ?? randomUUID(),
      "x-github-hook-id": "1",
      "x-hub-signature-256": signGitHubWebhook(options.secret, body),
      ...options.headers,
    },
    body,
  });
}
