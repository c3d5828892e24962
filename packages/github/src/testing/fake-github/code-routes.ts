import { type FakeGitHubRouteContext, inRepository } from "./fake-github-context";
import { isoSeconds } from "./fake-github-json";
import type { FakeGitHubCheckAnnotation, FakeGitHubCheckRun } from "./fake-github-model";
import { bodyOf, notFound, page, queryParameter, validationFailed } from "./fake-github-responses";
import { fakeSha } from "./fake-github-state";

/**
 * Code routes: file contents at a ref, commits by path, check runs with annotations, and
 * editing an issue comment.
 */
export function registerCodeRoutes(context: FakeGitHubRouteContext): void {
  const { server, state, json, apiUrl } = context;

  server.route(
    "GET",
    "/repos/:owner/:repo/contents/*",
    inRepository(state, (request, repository) => {
      const path = request.params["*"] ?? "";
      const ref = queryParameter(request, "ref") ?? repository.defaultBranch;
      const branch = state.branchOf(repository.fullName, ref);
      const content = branch === undefined ? undefined : repository.contents.get(branch)?.get(path);
      if (content === undefined) return notFound();
      const bytes =
        typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
      return {
        json: {
          type: "file",
          encoding: "base64",
          size: bytes.length,
          name: path.split("/").pop(),
          path,
          sha: fakeSha(`${repository.fullName}:${branch}:${path}:${bytes.length}`),
          // GitHub leaves `content` empty for files over 1 MB.
          content: bytes.length > 1024 * 1024 ? "" : bytes.toString("base64"),
          url: `${apiUrl}/repos/${repository.fullName}/contents/${path}?ref=${ref}`,
        },
      };
    }),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/commits",
    inRepository(state, (request, repository) => {
      const path = queryParameter(request, "path");
      const since = queryParameter(request, "since");
      const commits = repository.commits.filter(
        (commit) =>
          (path === undefined ||
            commit.paths.some(
              (candidate) => candidate === path || candidate.startsWith(`${path}/`),
            )) &&
          (since === undefined || commit.date >= Date.parse(since)),
      );
      return page(
        request,
        apiUrl,
        commits.map((commit) => ({
          sha: commit.sha,
          commit: {
            message: commit.message,
            author: { name: commit.author ?? "unknown", date: isoSeconds(commit.date) },
          },
          author: commit.author === null ? null : json.user(commit.author, 0, commit.authorType),
        })),
      );
    }),
  );

  const checkRunJson = (fullName: string, run: FakeGitHubCheckRun) => ({
    id: run.id,
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    started_at: isoSeconds(run.createdAt),
    output: {
      title: run.title,
      summary: run.summary,
      annotations_count: run.annotations.length,
      annotations_url: `${apiUrl}/repos/${fullName}/check-runs/${run.id}/annotations`,
    },
    html_url: `https://github.com/${fullName}/runs/${run.id}`,
    url: `${apiUrl}/repos/${fullName}/check-runs/${run.id}`,
  });

  const applyCheckRun = (run: FakeGitHubCheckRun, body: Record<string, unknown>) => {
    if (typeof body.status === "string") run.status = body.status as FakeGitHubCheckRun["status"];
    if (typeof body.conclusion === "string") {
      run.conclusion = body.conclusion;
      run.status = "completed";
    }
    const output = body.output as
      | { title?: string; summary?: string; annotations?: FakeGitHubCheckAnnotation[] }
      | undefined;
    if (output) {
      // GitHub takes at most 50 annotations per request and appends them.
      if ((output.annotations?.length ?? 0) > 50) return "output.annotations";
      run.title = output.title ?? run.title;
      run.summary = output.summary ?? run.summary;
      run.annotations.push(...(output.annotations ?? []));
    }
    return undefined;
  };

  server.route(
    "POST",
    "/repos/:owner/:repo/check-runs",
    inRepository(state, (request, repository) => {
      const body = bodyOf(request);
      if (typeof body.name !== "string" || body.name === "")
        return validationFailed("CheckRun", "name");
      if (typeof body.head_sha !== "string") return validationFailed("CheckRun", "head_sha");
      const run: FakeGitHubCheckRun = {
        id: state.nextId(),
        name: body.name,
        headSha: body.head_sha,
        status: "queued",
        conclusion: null,
        title: null,
        summary: null,
        annotations: [],
        createdAt: state.clock.now(),
      };
      const invalid = applyCheckRun(run, body);
      if (invalid) return validationFailed("CheckRun", invalid, "invalid");
      repository.checkRuns.set(run.id, run);
      return { status: 201, json: checkRunJson(repository.fullName, run) };
    }),
  );

  server.route(
    "PATCH",
    "/repos/:owner/:repo/check-runs/:id",
    inRepository(state, (request, repository) => {
      const run = repository.checkRuns.get(Number(request.params.id));
      if (!run) return notFound();
      const invalid = applyCheckRun(run, bodyOf(request));
      if (invalid) return validationFailed("CheckRun", invalid, "invalid");
      return { json: checkRunJson(repository.fullName, run) };
    }),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/check-runs/:id/annotations",
    inRepository(state, (request, repository) => {
      const run = repository.checkRuns.get(Number(request.params.id));
      return run ? page(request, apiUrl, run.annotations) : notFound();
    }),
  );

  server.route(
    "PATCH",
    "/repos/:owner/:repo/issues/comments/:id",
    inRepository(state, (request, repository) => {
      const id = Number(request.params.id);
      const threads = [...repository.issues.values(), ...repository.pullRequests.values()];
      for (const thread of threads) {
        const comment = thread.comments.find((candidate) => candidate.id === id);
        if (!comment) continue;
        const body = bodyOf(request);
        if (typeof body.body !== "string") return validationFailed("IssueComment", "body");
        comment.body = body.body;
        comment.updatedAt = state.clock.now();
        return { json: json.comment(repository, thread.number, comment) };
      }
      return notFound();
    }),
  );
}
