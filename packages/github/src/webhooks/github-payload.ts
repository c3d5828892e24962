/**
 * A GitHub webhook body as the source parsed it: any JSON object. Normalizers read its
 * fields through core's payload readers (`@contexten/core/adapter`), so a field of an
 * unexpected type degrades the event instead of failing the delivery; handlers get the
 * precise types from `@octokit/openapi-webhooks-types` (see `GitHubWebhookPayloadMap`).
 */
export type GitHubWebhookBody = Record<string, unknown>;
