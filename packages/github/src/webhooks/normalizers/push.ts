import { type CorrelatedEvent, CorrelationKeys, extractBranchReferences } from "@contexten/core";
import type { CommitFields, RepositoryFields } from "../github-payload";
import {
  buildEvent,
  firstLine,
  repositoryOf,
  subject,
  text,
  textRefs,
  webUrl,
} from "./build-event";
import { extractionOptions, type NormalizeInput } from "./normalize-input";

const ZERO_SHA = /^0+$/;

function shaKeys(sha: unknown): string[] {
  const value = text(sha);
  return value && /^[0-9a-f]{7,40}$/i.test(value) && !ZERO_SHA.test(value)
    ? CorrelationKeys.gitShaKeys(value)
    : [];
}

/**
 * `push`: one event per push (`github.push`). It *is* the branch (`github:branch:`) or tag
 * and every commit it carries (`git:sha:` and `git:sha7:` keys for `after` and each
 * commit); it refs the Linear issues in the branch name (evidence `branch`) and everything
 * each commit message mentions (closing words count, as GitHub closes issues from them).
 */
export function normalizePush(input: NormalizeInput): CorrelatedEvent | undefined {
  const { payload } = input;
  const repository = repositoryOf(payload);
  const ref = text(payload.ref);
  if (!repository || !ref) return undefined;
  const branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
  const tag = ref.startsWith("refs/tags/") ? ref.slice("refs/tags/".length) : undefined;
  const commits = Array.isArray(payload.commits) ? (payload.commits as CommitFields[]) : [];
  const headCommit = payload.head_commit as CommitFields | null | undefined;
  const keys = [
    ...(branch ? [CorrelationKeys.githubBranch(repository, branch)] : []),
    ...(tag ? [CorrelationKeys.githubObject("tag", `${repository.toLowerCase()}:${tag}`)] : []),
    ...shaKeys(payload.after),
    ...commits.flatMap((commit) => shaKeys(commit?.id)),
  ];
  return buildEvent(input, {
    type: "github.push",
    subject: subject({
      kind: branch ? "branch" : tag ? "tag" : "ref",
      id: `${repository}:${ref}`,
      key: branch ?? tag ?? ref,
      url: webUrl(payload.compare),
      title:
        firstLine(headCommit?.message) ?? (payload.deleted === true ? `deleted ${ref}` : undefined),
    }),
    keys,
    refs: [
      ...(branch
        ? extractBranchReferences(branch, repository, {
            ...extractionOptions(input.references),
            includeBranchKey: false,
            field: "ref",
          })
        : []),
      ...commits.flatMap((commit, index) =>
        textRefs(input, commit?.message, `commits[${index}].message`, { repository }),
      ),
    ],
    occurredAt: [
      headCommit?.timestamp,
      (payload.repository as RepositoryFields | undefined)?.pushed_at,
    ],
  });
}

/**
 * `create` and `delete`: a branch or tag appeared or went away
 * (`github.create.branch`, `github.delete.tag`, …). A branch event *is* the branch and
 * refs the Linear issues its name carries, so an issue links to the branch made for it.
 */
export function normalizeRefChange(input: NormalizeInput): CorrelatedEvent | undefined {
  const { payload } = input;
  const repository = repositoryOf(payload);
  const ref = text(payload.ref);
  const refType = text(payload.ref_type) ?? "ref";
  if (!repository || !ref) return undefined;
  const isBranch = refType === "branch";
  const page = text((payload.repository as RepositoryFields | undefined)?.html_url);
  return buildEvent(input, {
    type: `github.${input.event}.${refType === "tag" ? "tag" : isBranch ? "branch" : "received"}`,
    subject: subject({
      kind: refType,
      id: `${repository}:${ref}`,
      key: ref,
      url: input.event === "create" && page ? webUrl(`${page}/tree/${encodeURI(ref)}`) : undefined,
      title: `${input.event === "create" ? "created" : "deleted"} ${refType} ${ref}`,
    }),
    keys: isBranch
      ? [CorrelationKeys.githubBranch(repository, ref)]
      : [CorrelationKeys.githubObject(refType, `${repository.toLowerCase()}:${ref}`)],
    refs: isBranch
      ? extractBranchReferences(ref, repository, {
          ...extractionOptions(input.references),
          includeBranchKey: false,
          field: "ref",
        })
      : [],
  });
}
