import { type CorrelatedEvent, CorrelationKeys } from "@contexten/core";
import {
  firstLine,
  readArray,
  readBoolean,
  readObject,
  readString,
  readUrl,
  readValue,
} from "@contexten/core/adapter";
import { buildGitHubEvent } from "./github-event-base";
import { branchRefs, repositoryOf, shaKeys, textRefs } from "./github-refs";
import type { NormalizeInput } from "./normalize-input";

/**
 * `push`: one event per push (`github.push`). It *is* the branch (`github:branch:`) or tag
 * and every commit it carries (`git:sha:` and `git:sha7:` keys for `after` and each
 * commit); it refs the Linear issues in the branch name (evidence `branch`) and everything
 * each commit message mentions (closing words count, as GitHub closes issues from them).
 */
export function normalizePush(input: NormalizeInput): CorrelatedEvent | undefined {
  const { payload } = input;
  const repository = repositoryOf(payload);
  const ref = readString(payload, "ref");
  if (!repository || !ref) return undefined;
  const branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
  const tag = ref.startsWith("refs/tags/") ? ref.slice("refs/tags/".length) : undefined;
  const commits = readArray(payload, "commits");
  const headCommit = readObject(payload, "head_commit");
  return buildGitHubEvent(input, {
    type: "github.push",
    subject: {
      kind: branch ? "branch" : tag ? "tag" : "ref",
      id: `${repository}:${ref}`,
      key: branch ?? tag ?? ref,
      url: readUrl(payload, "compare"),
      title:
        firstLine(headCommit?.message) ??
        (readBoolean(payload, "deleted") ? `deleted ${ref}` : undefined),
    },
    keys: [
      branch && CorrelationKeys.githubBranch(repository, branch),
      tag && CorrelationKeys.githubObject("tag", `${repository.toLowerCase()}:${tag}`),
      ...shaKeys(readString(payload, "after")),
      ...commits.flatMap((commit) => shaKeys(readString(commit, "id"))),
    ],
    refs: [
      ...branchRefs(input, branch, repository, { field: "ref", includeBranchKey: false }),
      ...commits.flatMap((commit, index) =>
        textRefs(input, readString(commit, "message"), `commits[${index}].message`, {
          repository,
        }),
      ),
    ],
    occurredAt: [headCommit?.timestamp, readValue(payload, "repository", "pushed_at")],
  });
}

/** `encodeURI`, or `undefined` for text it cannot encode (a lone UTF-16 surrogate). */
function encodePath(path: string): string | undefined {
  try {
    return encodeURI(path);
  } catch {
    return undefined;
  }
}

/**
 * `create` and `delete`: a branch or tag appeared or went away
 * (`github.create.branch`, `github.delete.tag`, …). A branch event *is* the branch and
 * refs the Linear issues its name carries, so an issue links to the branch made for it.
 */
export function normalizeRefChange(input: NormalizeInput): CorrelatedEvent | undefined {
  const { payload } = input;
  const repository = repositoryOf(payload);
  const ref = readString(payload, "ref");
  if (!repository || !ref) return undefined;
  const refType = readString(payload, "ref_type") ?? "ref";
  const isBranch = refType === "branch";
  const page = readString(payload, "repository", "html_url");
  const treePath = input.event === "create" && page ? encodePath(ref) : undefined;
  return buildGitHubEvent(input, {
    type: `github.${input.event}.${refType === "tag" ? "tag" : isBranch ? "branch" : "received"}`,
    subject: {
      kind: refType,
      id: `${repository}:${ref}`,
      key: ref,
      url: treePath === undefined ? undefined : readUrl(`${page}/tree/${treePath}`),
      title: `${input.event === "create" ? "created" : "deleted"} ${refType} ${ref}`,
    },
    keys: [
      isBranch
        ? CorrelationKeys.githubBranch(repository, ref)
        : CorrelationKeys.githubObject(refType, `${repository.toLowerCase()}:${ref}`),
    ],
    refs: isBranch
      ? branchRefs(input, ref, repository, { field: "ref", includeBranchKey: false })
      : [],
  });
}
