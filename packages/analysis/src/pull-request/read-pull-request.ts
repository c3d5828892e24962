import { NotFoundError } from "@contexten/core";
import type { GitHubClient } from "@contexten/github";
import type { AnalysisNote, ChangedFile } from "../analysis-types";
import { languageOf } from "../parsing/source-language";
import { mapConcurrently } from "./map-concurrently";

/** Which pull request: `owner/repo` and number. */
export interface PullRequestRef {
  /** `owner/repo`. */
  repository: string;
  /** Number. */
  number: number;
}

/** Options of {@link readPullRequest}. */
export interface ReadPullRequestOptions {
  /** The GitHub client reads go through (its rate limiter and cache apply). */
  client: GitHubClient;
  /** At most this many files get their contents read (default 300; source files first). */
  maxFiles?: number | undefined;
  /** Contents reads in flight at once (default 8). */
  concurrency?: number | undefined;
}

/** A pull request with the base and head contents of its changed files. */
export interface PullRequestSnapshot extends PullRequestRef {
  /** Title. */
  title: string;
  /** Author login. */
  author: string;
  /** Head commit. */
  headSha: string;
  /** Base commit. */
  baseSha: string;
  /** Files whose contents were read (capped, see `notes`). */
  files: ChangedFile[];
  /** How many files the pull request changes in all. */
  totalFiles: number;
  /** Reviewers already requested. */
  requestedReviewers: string[];
  /** What could not be read. */
  notes: AnalysisNote[];
}

function sourceFirst(a: { filename: string }, b: { filename: string }): number {
  const rank = (path: string) => (languageOf(path) ? 0 : 1);
  return rank(a.filename) - rank(b.filename) || a.filename.localeCompare(b.filename);
}

/** Reads a file at a commit; undefined when it does not exist or is too large for the API. */
export async function readFileAt(
  client: GitHubClient,
  repository: string,
  path: string,
  ref: string,
): Promise<string | undefined> {
  const [owner, repo] = repository.split("/") as [string, string];
  try {
    const data = (await client.data(
      "GET /repos/{owner}/{repo}/contents/{path}",
      {
        owner,
        repo,
        path,
        ref,
      },
      { entity: "file", id: `${repository}/${path}@${ref}` },
    )) as { type?: string; content?: string; encoding?: string };
    if (data.type !== "file" || typeof data.content !== "string") return undefined;
    if (data.content === "") return undefined;
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if (NotFoundError.isInstance(error)) return undefined;
    throw error;
  }
}

/**
 * Reads a pull request and the base and head contents of its changed files through the
 * GitHub client. More than `maxFiles` files are capped with a note naming how many were
 * left out; contents that cannot be read are left undefined (the analysis notes them).
 */
export async function readPullRequest(
  pr: PullRequestRef,
  options: ReadPullRequestOptions,
): Promise<PullRequestSnapshot> {
  const { client } = options;
  const maxFiles = options.maxFiles ?? 300;
  const pull = await client.getPullRequest(pr.repository, pr.number);
  const listed = await client.listPullRequestFiles(pr.repository, pr.number);
  const notes: AnalysisNote[] = [];
  const ordered = [...listed].sort(sourceFirst);
  const selected = ordered.slice(0, maxFiles);
  if (listed.length > maxFiles) {
    notes.push({
      code: "files-capped",
      message: `The pull request changes ${listed.length} files; the contents of ${maxFiles} (source files first) were read and ${listed.length - maxFiles} were not analysed: ${ordered
        .slice(maxFiles, maxFiles + 20)
        .map((file) => file.filename)
        .join(", ")}${listed.length - maxFiles > 20 ? ", …" : ""}.`,
    });
  }
  const headSha = pull.head.sha;
  const baseSha = pull.base.sha;
  const files = await mapConcurrently(selected, options.concurrency ?? 8, async (file) => {
    const status = (
      ["added", "removed", "renamed"].includes(file.status) ? file.status : "modified"
    ) as ChangedFile["status"];
    const previousPath = file.previous_filename ?? undefined;
    const [baseContent, headContent] = await Promise.all([
      status === "added"
        ? undefined
        : readFileAt(client, pr.repository, previousPath ?? file.filename, baseSha),
      status === "removed" ? undefined : readFileAt(client, pr.repository, file.filename, headSha),
    ]);
    return {
      path: file.filename,
      previousPath,
      status,
      baseContent,
      headContent,
    } satisfies ChangedFile;
  });
  return {
    repository: pr.repository,
    number: pr.number,
    title: pull.title,
    author: pull.user?.login ?? "",
    headSha,
    baseSha,
    files,
    totalFiles: listed.length,
    requestedReviewers: (pull.requested_reviewers ?? []).map((user) => user.login),
    notes,
  };
}
