import type { LinearIdentifierOptions } from "@contexten/core/adapter";
import type { GitHubWebhookBody } from "./github-payload";

/** How references are read from GitHub text; passed to core's extraction helpers. */
export interface ReferenceOptions {
  /** Linear team keys; when given, only these match as `ENG-123` (any case). */
  linearTeams?: readonly string[] | undefined;
  /** Hosts serving GitHub web URLs (default `github.com`; add your GitHub Enterprise host). */
  githubHosts?: readonly string[] | undefined;
}

/** One delivery as a normalizer sees it. */
export interface NormalizeInput {
  /** `X-GitHub-Event`, e.g. `pull_request`. */
  event: string;
  /** The payload's `action`, when it has one. */
  action: string | undefined;
  /** `X-GitHub-Delivery`. */
  deliveryId: string;
  /** The parsed body. */
  payload: GitHubWebhookBody;
  /** When the request arrived. */
  receivedAt: Date;
  /** Reference options. */
  references: ReferenceOptions;
}

/** Options for core's `extractReferences` / `extractBranchReferences` from {@link ReferenceOptions}. */
export function extractionOptions(references: ReferenceOptions): LinearIdentifierOptions & {
  githubHosts?: readonly string[];
} {
  return {
    ...(references.linearTeams ? { teams: references.linearTeams } : {}),
    ...(references.githubHosts ? { githubHosts: references.githubHosts } : {}),
  };
}
