import type { operations } from "@octokit/openapi-webhooks-types";

/** Replaces every `-` in a string type with `_` (`pull-request` → `pull_request`). */
export type KebabToSnake<Text extends string> = Text extends `${infer Head}-${infer Tail}`
  ? `${Head}_${KebabToSnake<Tail>}`
  : Text;

/** The id of one webhook in GitHub's OpenAPI description, e.g. `pull-request/opened`, `push`. */
export type GitHubWebhookOperationId = keyof operations & string;

/** The JSON body of one webhook, from `@octokit/openapi-webhooks-types`. */
export type GitHubWebhookOperationBody<Id extends GitHubWebhookOperationId> =
  operations[Id] extends {
    requestBody: { content: { "application/json": infer Body } };
  }
    ? Body
    : never;

/**
 * Payload types by handler name, generated from GitHub's OpenAPI description: `push`,
 * `pull_request` (every action's payload, as a union), `pull_request.opened` (exactly that
 * action's payload), …
 */
export type GitHubWebhookPayloadMap = {
  [Id in GitHubWebhookOperationId as Id extends `${infer Event}/${string}`
    ? KebabToSnake<Event>
    : KebabToSnake<Id>]: GitHubWebhookOperationBody<Id>;
} & {
  [Id in GitHubWebhookOperationId as Id extends `${infer Event}/${infer Action}`
    ? `${KebabToSnake<Event>}.${KebabToSnake<Action>}`
    : never]: GitHubWebhookOperationBody<Id>;
};

/** A name `on()` knows: an event (`push`), an event and action (`pull_request.opened`) or `*`. */
export type GitHubWebhookHandlerName = (keyof GitHubWebhookPayloadMap & string) | "*";

/**
 * The payload type for a handler name: precise for known events and actions, a plain JSON
 * object for `*` and for events GitHub adds later.
 */
export type GitHubWebhookPayload<Name extends string> = Name extends keyof GitHubWebhookPayloadMap
  ? GitHubWebhookPayloadMap[Name]
  : Record<string, unknown>;
