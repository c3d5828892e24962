import {
  type CorrelatedEvent,
  ValidationError,
  type WebhookRequest,
  type WebhookSource,
} from "@contexten/core";
import {
  type Environment,
  parseFormBody,
  parseJsonObject,
  readNumber,
  readString,
  requireHeader,
  resolveWebhookSecrets,
  verifyHmacSignature,
} from "@contexten/core/adapter";
import type { GitHubWebhookBody } from "./github-payload";
import { GitHubWebhookHandlers } from "./github-webhook-handlers";
import { GITHUB_ACK_DEADLINE_MS, GITHUB_WEBHOOK_HEADERS } from "./github-webhook-headers";
import { normalizeGitHubEvent } from "./normalize-github-event";
import type { ReferenceOptions } from "./normalize-input";

/** Options of {@link githubWebhooks}. */
export interface GitHubWebhooksOptions extends ReferenceOptions {
  /** The webhook secret. */
  secret?: string | undefined;
  /** Several secrets during a rotation, newest first; any match passes. */
  secrets?: readonly string[] | undefined;
  /** Where to read `GITHUB_WEBHOOK_SECRET` (comma-separated for rotation) when no secret is passed. */
  env?: Environment | undefined;
}

/**
 * GitHub's webhooks as a core `WebhookSource`, plus typed handlers. Plug it into
 * `createWebhookHandler` and hand its `dispatch` to `onEvent` so handlers run after the
 * delivery is stored and acknowledged.
 */
export interface GitHubWebhookSource extends WebhookSource<GitHubWebhookBody> {
  /** The handler registry. */
  readonly handlers: GitHubWebhookHandlers;
  /** Registers a typed handler (see {@link GitHubWebhookHandlers.on}); returns a remover. */
  on: GitHubWebhookHandlers["on"];
  /** Removes a handler. */
  off: GitHubWebhookHandlers["off"];
  /** Runs the handlers for a stored event; bound, so `onEvent: source.dispatch` works. */
  dispatch: (event: CorrelatedEvent) => Promise<void>;
}

const EVENT_NAME = /^[a-z0-9_]{1,100}$/;
const platform = "github";

/** Reads the JSON payload of a JSON or form-encoded (`payload=`) delivery. */
function readPayload(request: WebhookRequest): GitHubWebhookBody {
  if (request.contentType === "application/x-www-form-urlencoded") {
    const { payload } = parseFormBody(request.text);
    if (payload === undefined) {
      throw new ValidationError({
        platform,
        message:
          "A form-encoded GitHub webhook carries its JSON in a payload= field, and this body has none.",
      });
    }
    return parseJsonObject(payload, platform, "webhook payload field");
  }
  return parseJsonObject(request.text, platform);
}

/**
 * Creates the GitHub webhook source:
 *
 * - verifies `X-Hub-Signature-256` over the raw body with core's `verifyHmacSignature`
 *   (constant time, every configured secret; 401 when missing or wrong);
 * - requires `X-GitHub-Event` and `X-GitHub-Delivery` (400 when missing or malformed);
 * - accepts `application/json` and `application/x-www-form-urlencoded` (`payload=`);
 * - answers `ping` right away (`{ ok: true, zen, hookId }`), storing nothing;
 * - normalizes every other delivery into one `CorrelatedEvent` with keys and refs (see
 *   `normalizeGitHubEvent`); the handler deduplicates by delivery id.
 *
 * @example
 * const github = githubWebhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET });
 * github.on("pull_request.opened", async ({ payload }) => console.log(payload.pull_request.title));
 * const handler = createWebhookHandler({ sources: [github], store, onEvent: github.dispatch });
 */
export function githubWebhooks(options: GitHubWebhooksOptions = {}): GitHubWebhookSource {
  const secrets = resolveWebhookSecrets({
    platform,
    name: "GitHub",
    secret: options.secret,
    secrets: options.secrets,
    env: options.env,
    variable: "GITHUB_WEBHOOK_SECRET",
  });
  const references: ReferenceOptions = {
    ...(options.linearTeams ? { linearTeams: options.linearTeams } : {}),
    ...(options.githubHosts ? { githubHosts: options.githubHosts } : {}),
  };
  const handlers = new GitHubWebhookHandlers();
  return {
    platform,
    contentTypes: ["application/json", "application/x-www-form-urlencoded"],
    ackDeadlineMs: GITHUB_ACK_DEADLINE_MS,
    handlers,
    on: handlers.on.bind(handlers),
    off: handlers.off.bind(handlers),
    dispatch: (event) => handlers.dispatch(event),
    matches: (request) =>
      request.headers.has(GITHUB_WEBHOOK_HEADERS.event) ||
      request.headers.has(GITHUB_WEBHOOK_HEADERS.signature),
    verify(request) {
      // A promise only where node:crypto is missing (an edge runtime): Web Crypto then.
      return verifyHmacSignature({
        platform,
        header: "X-Hub-Signature-256",
        signature: request.headers.get(GITHUB_WEBHOOK_HEADERS.signature),
        secrets,
        payload: request.rawBody,
        prefix: "sha256=",
      });
    },
    parse(request) {
      const eventName = requireHeader(request, "X-GitHub-Event", platform);
      if (!EVENT_NAME.test(eventName)) {
        throw new ValidationError({
          platform,
          message: `X-GitHub-Event must be a GitHub event name such as pull_request, not ${JSON.stringify(eventName.slice(0, 100))}.`,
        });
      }
      const deliveryId = requireHeader(request, "X-GitHub-Delivery", platform);
      const body = readPayload(request);
      if (eventName === "ping") {
        return {
          kind: "control",
          eventName,
          deliveryId,
          // Only what ping documents, and only with its documented types: the reply echoes
          // nothing else of the body.
          reply: {
            body: { ok: true, zen: readString(body, "zen"), hookId: readNumber(body, "hook_id") },
          },
        };
      }
      return { kind: "delivery", deliveryId, eventName, body };
    },
    normalize(delivery, { request }) {
      return [
        normalizeGitHubEvent({
          event: delivery.eventName,
          action: typeof delivery.body.action === "string" ? delivery.body.action : undefined,
          deliveryId: delivery.deliveryId,
          payload: delivery.body,
          receivedAt: request.receivedAt,
          references,
        }),
      ];
    },
  };
}
