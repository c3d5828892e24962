import type { KeyObject } from "node:crypto";
import type { Clock } from "@contexten/core";
import type {
  FakeGitHubComment,
  FakeGitHubInstallation,
  FakeGitHubInstallationToken,
  FakeGitHubIssue,
  FakeGitHubPullRequest,
  FakeGitHubRepository,
  FakeGitHubReview,
  FakeGitHubUser,
  FakeGitHubWorkflow,
  FakeGitHubWorkflowRun,
} from "./fake-github-model";
import type {
  FakeIssueSeed,
  FakePullRequestSeed,
  FakeRepositorySeed,
  FakeReviewSeed,
  FakeWorkflowRunSeed,
  FakeWorkflowSeed,
} from "./fake-github-seeds";

/** The fake GitHub App, when App authentication is tested. */
export interface FakeGitHubApp {
  /** App id (the JWT's `iss`). */
  id: number;
  /** App slug. */
  slug: string;
  /** Public key that verifies the app's JWTs. */
  publicKey: KeyObject;
  /** Installations by id. */
  installations: Map<number, FakeGitHubInstallation>;
  /** Lifetime of the installation tokens it issues, ms (GitHub: one hour). */
  tokenLifetimeMs: number;
}

/** A stable 40-hex "sha" for seeded content. */
export function fakeSha(seed: string): string {
  let hash = 0x811c9dc5;
  let out = "";
  for (let round = 0; out.length < 40; round += 1) {
    for (const character of `${seed}:${round}`) {
      hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193) >>> 0;
    }
    out += hash.toString(16).padStart(8, "0");
  }
  return out.slice(0, 40);
}

/**
 * Everything the fake GitHub knows: repositories with issues, pull requests, reviews,
 * workflows and runs; the viewer; accepted tokens; the App and the installation tokens it
 * issued. Seed it through `startFakeGitHubServer` options or these methods; inspect it in
 * assertions. Lookups by `owner/repo` ignore case, as GitHub's do.
 */
export class FakeGitHubState {
  /** Repositories by lower-cased `owner/name`. */
  readonly repositories = new Map<string, FakeGitHubRepository>();
  /** Installation tokens issued so far, by token. */
  readonly installationTokens = new Map<string, FakeGitHubInstallationToken>();
  /** Personal tokens accepted; when undefined, any token that is not an unknown `ghs_` token is. */
  tokens: Set<string> | undefined;
  /** The user `GET /user` returns for a personal token. */
  viewer: FakeGitHubUser;
  /** The App, when configured. */
  app: FakeGitHubApp | undefined;
  /** Answer `return_run_details: true` dispatches with the run id (github.com does; GHES answers 204). */
  dispatchReturnsRunDetails = false;
  private lastId = 1000;

  constructor(readonly clock: Clock) {
    this.viewer = { login: "octocat", id: this.nextId(), type: "User" };
  }

  /** A new database id. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** Adds a repository with its content. */
  addRepository(seed: FakeRepositorySeed): FakeGitHubRepository {
    const [owner, name] = seed.fullName.split("/");
    if (!owner || !name) throw new Error(`fake GitHub: "${seed.fullName}" is not owner/name`);
    const repository: FakeGitHubRepository = {
      id: this.nextId(),
      owner,
      name,
      fullName: seed.fullName,
      defaultBranch: seed.defaultBranch ?? "main",
      private: seed.private ?? false,
      labels: new Set(seed.labels ?? []),
      issues: new Map(),
      pullRequests: new Map(),
      workflows: new Map(),
      workflowRuns: [],
      nextNumber: 1,
      contents: new Map(),
      commits: [],
      checkRuns: new Map(),
    };
    for (const [ref, files] of Object.entries(seed.contents ?? {})) {
      repository.contents.set(ref, new Map(Object.entries(files)));
    }
    for (const commit of seed.commits ?? []) {
      repository.commits.push({
        sha:
          commit.sha ??
          fakeSha(`${commit.message ?? ""}:${commit.paths.join(",")}:${repository.commits.length}`),
        author: commit.author,
        authorType: commit.authorType ?? (commit.author?.endsWith("[bot]") ? "Bot" : "User"),
        message: commit.message ?? "Update",
        paths: commit.paths,
        date: commit.date ?? this.clock.now(),
      });
    }
    this.repositories.set(seed.fullName.toLowerCase(), repository);
    for (const issue of seed.issues ?? []) this.addIssue(seed.fullName, issue);
    for (const pullRequest of seed.pullRequests ?? [])
      this.addPullRequest(seed.fullName, pullRequest);
    for (const workflow of seed.workflows ?? []) this.addWorkflow(seed.fullName, workflow);
    for (const run of seed.workflowRuns ?? []) this.addWorkflowRun(seed.fullName, run);
    return repository;
  }

  /** A repository by `owner/name`, or undefined. */
  repository(fullName: string): FakeGitHubRepository | undefined {
    return this.repositories.get(fullName.toLowerCase());
  }

  /** A repository by `owner/name`; throws when it was not seeded. */
  requireRepository(fullName: string): FakeGitHubRepository {
    const repository = this.repository(fullName);
    if (!repository) throw new Error(`fake GitHub: no repository ${fullName} was seeded`);
    return repository;
  }

  /** Adds an issue (next free number unless the initial data sets one). */
  addIssue(fullName: string, seed: FakeIssueSeed): FakeGitHubIssue {
    const repository = this.requireRepository(fullName);
    const now = this.clock.now();
    const number = this.claimNumber(repository, seed.number);
    const issue: FakeGitHubIssue = {
      id: this.nextId(),
      number,
      title: seed.title,
      body: seed.body ?? null,
      state: seed.state ?? "open",
      stateReason: seed.stateReason ?? (seed.state === "closed" ? "completed" : null),
      labels: seed.labels ?? [],
      assignees: seed.assignees ?? [],
      user: seed.user ?? this.viewer.login,
      comments: [],
      createdAt: seed.createdAt ?? now,
      updatedAt: seed.updatedAt ?? now,
      closedAt: seed.closedAt ?? (seed.state === "closed" ? now : null),
    };
    for (const label of issue.labels) repository.labels.add(label);
    issue.comments = (seed.comments ?? []).map((comment) => this.comment(comment));
    repository.issues.set(number, issue);
    return issue;
  }

  /** Adds a pull request (next free number unless the initial data sets one). */
  addPullRequest(fullName: string, seed: FakePullRequestSeed): FakeGitHubPullRequest {
    const repository = this.requireRepository(fullName);
    const now = this.clock.now();
    const number = this.claimNumber(repository, seed.number);
    const pullRequest: FakeGitHubPullRequest = {
      id: this.nextId(),
      number,
      title: seed.title,
      body: seed.body ?? null,
      state: seed.state ?? (seed.merged ? "closed" : "open"),
      draft: seed.draft ?? false,
      merged: seed.merged ?? false,
      head: { ref: seed.head.ref, sha: seed.head.sha ?? fakeSha(`${fullName}:${seed.head.ref}`) },
      base: seed.base ?? { ref: repository.defaultBranch },
      user: seed.user ?? this.viewer.login,
      requestedReviewers: seed.requestedReviewers ?? [],
      requestedTeams: seed.requestedTeams ?? [],
      reviews: [],
      files: seed.files ?? [],
      labels: seed.labels ?? [],
      comments: [],
      createdAt: seed.createdAt ?? now,
      updatedAt: seed.updatedAt ?? now,
      mergedAt: seed.mergedAt ?? (seed.merged ? now : null),
    };
    repository.pullRequests.set(number, pullRequest);
    for (const review of seed.reviews ?? []) this.addReview(fullName, number, review);
    return pullRequest;
  }

  /** Adds a review to a pull request. */
  addReview(fullName: string, number: number, seed: FakeReviewSeed): FakeGitHubReview {
    const pullRequest = this.requireRepository(fullName).pullRequests.get(number);
    if (!pullRequest) throw new Error(`fake GitHub: no pull request ${fullName}#${number}`);
    const review: FakeGitHubReview = {
      id: this.nextId(),
      user: seed.user,
      state: seed.state,
      body: seed.body ?? "",
      submittedAt: seed.submittedAt ?? this.clock.now(),
      commitId: seed.commitId ?? pullRequest.head.sha,
    };
    pullRequest.reviews.push(review);
    return review;
  }

  /** Adds a workflow. */
  addWorkflow(fullName: string, seed: FakeWorkflowSeed): FakeGitHubWorkflow {
    const repository = this.requireRepository(fullName);
    const path = seed.path.includes("/") ? seed.path : `.github/workflows/${seed.path}`;
    const workflow: FakeGitHubWorkflow = {
      id: seed.id ?? this.nextId(),
      name:
        seed.name ??
        path
          .split("/")
          .pop()!
          .replace(/\.ya?ml$/, ""),
      path,
      dispatchCreatesRun: seed.dispatchCreatesRun ?? true,
      runDelayMs: seed.runDelayMs ?? 3_000,
    };
    repository.workflows.set(workflow.id, workflow);
    return workflow;
  }

  /** A workflow by id or file name. */
  workflow(fullName: string, idOrFile: number | string): FakeGitHubWorkflow | undefined {
    const repository = this.requireRepository(fullName);
    for (const workflow of repository.workflows.values()) {
      if (String(workflow.id) === String(idOrFile) || workflow.path.split("/").pop() === idOrFile) {
        return workflow;
      }
    }
    return undefined;
  }

  /** Adds a workflow run (visible from `createdAt`). */
  addWorkflowRun(fullName: string, seed: FakeWorkflowRunSeed): FakeGitHubWorkflowRun {
    const repository = this.requireRepository(fullName);
    const workflow = this.workflow(fullName, seed.workflow);
    if (!workflow) throw new Error(`fake GitHub: no workflow ${seed.workflow} in ${fullName}`);
    const now = this.clock.now();
    const run: FakeGitHubWorkflowRun = {
      id: this.nextId(),
      workflowId: workflow.id,
      name: workflow.name,
      runNumber:
        repository.workflowRuns.filter((candidate) => candidate.workflowId === workflow.id).length +
        1,
      event: seed.event ?? "push",
      status: seed.status ?? "queued",
      conclusion: seed.conclusion ?? null,
      headBranch: seed.headBranch ?? repository.defaultBranch,
      headSha:
        seed.headSha ?? fakeSha(`${fullName}:${seed.headBranch ?? repository.defaultBranch}`),
      inputs: seed.inputs ?? {},
      createdAt: seed.createdAt ?? now,
      updatedAt: seed.updatedAt ?? seed.createdAt ?? now,
    };
    repository.workflowRuns.push(run);
    return run;
  }

  /** Sets (or with `undefined`, deletes) a file's content on a branch. */
  setContent(
    fullName: string,
    ref: string,
    path: string,
    content: string | Uint8Array | undefined,
  ): void {
    const repository = this.requireRepository(fullName);
    let files = repository.contents.get(ref);
    if (!files) {
      files = new Map();
      repository.contents.set(ref, files);
    }
    if (content === undefined) files.delete(path);
    else files.set(path, content);
  }

  /**
   * The branch a ref names: a branch name, the sha of a pull request's head, or the sha
   * the fake gives a branch (`fakeSha("owner/repo:branch")`, which pull requests report
   * as their base sha).
   */
  branchOf(fullName: string, ref: string): string | undefined {
    const repository = this.requireRepository(fullName);
    if (repository.contents.has(ref)) return ref;
    for (const pullRequest of repository.pullRequests.values()) {
      if (pullRequest.head.sha === ref) return pullRequest.head.ref;
    }
    for (const branch of repository.contents.keys()) {
      if (fakeSha(`${repository.fullName}:${branch}`) === ref) return branch;
    }
    return undefined;
  }

  /** Installation tokens issued so far, oldest first. */
  issuedTokens(): FakeGitHubInstallationToken[] {
    return [...this.installationTokens.values()];
  }

  private claimNumber(repository: FakeGitHubRepository, wanted: number | undefined): number {
    const number = wanted ?? repository.nextNumber;
    if (repository.issues.has(number) || repository.pullRequests.has(number)) {
      throw new Error(`fake GitHub: #${number} already exists in ${repository.fullName}`);
    }
    repository.nextNumber = Math.max(repository.nextNumber, number + 1);
    return number;
  }

  /** Builds a comment from a seed (a body, or fields). */
  comment(seed: string | Partial<FakeGitHubComment>): FakeGitHubComment {
    const now = this.clock.now();
    const fields = typeof seed === "string" ? { body: seed } : seed;
    return {
      id: fields.id ?? this.nextId(),
      body: fields.body ?? "",
      user: fields.user ?? this.viewer.login,
      createdAt: fields.createdAt ?? now,
      updatedAt: fields.updatedAt ?? fields.createdAt ?? now,
    };
  }
}
