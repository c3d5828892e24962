import type { WebhookRequest } from "../contracts/webhook-source";
import { toWebhookRequest } from "../webhooks/pipeline/inbound-webhook";

/**
 * Reads a Fetch `Request` into the {@link WebhookRequest} a source's `verify`, `parse` and
 * `normalize` receive, as core's webhook handler would, so adapter tests can drive a
 * source directly.
 */
export async function toTestWebhookRequest(
  request: Request,
  receivedAt: Date = new Date(),
): Promise<WebhookRequest> {
  return toWebhookRequest(request, new Uint8Array(await request.arrayBuffer()), receivedAt);
}

/**
 * A copy of a request without the named headers (e.g. its signature header), for
 * `runWebhookSourceConformance`'s `withoutSignature` and missing-header tests.
 */
export function withoutHeaders(request: Request, ...names: readonly string[]): Request {
  const headers = new Headers(request.headers);
  for (const name of names) headers.delete(name);
  return new Request(request.url, {
    method: request.method,
    headers,
    body: request.body,
    duplex: "half",
  } as RequestInit);
}
