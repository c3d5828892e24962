import { ApiCallError, NotFoundError, RateLimitError, ValidationError } from "@contexten/core";
import { findBranchIdentifiers, parseGitHubUrl } from "@contexten/core/adapter";
import type { Issue } from "@linear/sdk";
import type { LinearClient } from "../client/linear-client";
import { requireMutationResult } from "../client/mutation-result";

/** An attachment created by {@link linkUrl} or {@link linkPullRequest}. */
export interface LinearAttachmentLink {
  /** Attachment UUID. */
  id: string;
  /** The issue it is attached to (as passed: UUID or identifier). */
  issueId: string;
  /** The linked URL. */
  url: string;
  /** `github_pr` when Linear linked it as a GitHub pull request, `url` otherwise. */
  kind: "github_pr" | "url";
}

/** A comment created by {@link addComment}. */
export interface LinearCommentRef {
  /** Comment UUID. */
  id: string;
  /** The issue it belongs to (as passed). */
  issueId: string;
  /** The Markdown body sent. */
  body: string;
}

function requireUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol === "https:" || parsed.protocol === "http:") return parsed.href;
  } catch {
    // Reported below.
  }
  throw new ValidationError({
    platform: "linear",
    message: `Cannot link "${url}": an attachment needs an absolute http(s) URL.`,
  });
}

/** Attaches any URL to an issue with `attachmentLinkURL`. */
export async function linkUrl(
  client: LinearClient,
  issueId: string,
  url: string,
  options: { title?: string } = {},
): Promise<LinearAttachmentLink> {
  const href = requireUrl(url);
  const payload = await client.sdk.attachmentLinkURL(issueId, href, options);
  const id = requireMutationResult(client, "attachmentLinkURL", payload, payload.attachmentId);
  return { id, issueId, url: href, kind: "url" };
}

/**
 * Attaches a GitHub pull request with `attachmentLinkGitHubPR`; when Linear refuses it
 * (an `ApiCallError` that is neither a rate limit nor a missing issue, e.g. no GitHub
 * integration), attaches it as a plain URL instead.
 */
export async function linkPullRequest(
  client: LinearClient,
  issueId: string,
  url: string,
  options: { title?: string } = {},
): Promise<LinearAttachmentLink> {
  const href = requireUrl(url);
  if (parseGitHubUrl(href)?.kind !== "pull_request") {
    throw new ValidationError({
      platform: "linear",
      message: `"${url}" is not a GitHub pull request URL (https://github.com/<owner>/<repo>/pull/<number>); use linkUrl for other links.`,
    });
  }
  try {
    const payload = await client.sdk.attachmentLinkGitHubPR(issueId, href, options);
    if (payload.success && payload.attachmentId) {
      return { id: payload.attachmentId, issueId, url: href, kind: "github_pr" };
    }
  } catch (error) {
    const refusedByLinear =
      ApiCallError.isInstance(error) &&
      !RateLimitError.isInstance(error) &&
      !error.isRetryable &&
      error.status !== undefined;
    if (NotFoundError.isInstance(error) || !refusedByLinear) throw error;
  }
  return linkUrl(client, issueId, href, options);
}

/** Adds a Markdown comment with `commentCreate`. */
export async function addComment(
  client: LinearClient,
  issueId: string,
  body: string,
): Promise<LinearCommentRef> {
  if (!body.trim()) {
    throw new ValidationError({ platform: "linear", message: "A Linear comment needs a body." });
  }
  const payload = await client.sdk.createComment({ issueId, body });
  const id = requireMutationResult(client, "commentCreate", payload, payload.commentId);
  return { id, issueId, body };
}

/**
 * The SDK issue a branch belongs to: `issueVcsBranchSearch`, then each identifier in the
 * branch name (core's `findBranchIdentifiers`) looked up with `issue`.
 */
export async function findIssueForBranch(
  client: LinearClient,
  branch: string,
): Promise<Issue | undefined> {
  const name = branch.trim().replace(/^refs\/heads\//, "");
  if (!name) return undefined;
  const byBranch = await client.sdk.issueVcsBranchSearch(name).catch((error: unknown) => {
    if (NotFoundError.isInstance(error)) return undefined;
    throw error;
  });
  if (byBranch) return byBranch;
  for (const identifier of findBranchIdentifiers(name)) {
    try {
      return await client.sdk.issue(identifier);
    } catch (error) {
      if (!NotFoundError.isInstance(error)) throw error;
    }
  }
  return undefined;
}
