import { type FakeGitHubRouteContext, inRepository } from "./fake-github-context";
import { bodyOf, notFound, page, queryParameter, validationFailed } from "./fake-github-responses";

/** `GET /repos/:owner/:repo` and the pull request routes (list, create, get, files, reviews). */
export function registerPullRequestRoutes(context: FakeGitHubRouteContext): void {
  const { server, state, json, apiUrl } = context;

  server.route(
    "GET",
    "/repos/:owner/:repo",
    inRepository(state, (_request, repository) => ({ json: json.repository(repository) })),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/pulls",
    inRepository(state, (request, repository) => {
      const wanted = queryParameter(request, "state") ?? "open";
      const pulls = [...repository.pullRequests.values()]
        .filter((pull) => wanted === "all" || pull.state === wanted)
        .sort((a, b) => b.number - a.number);
      return page(
        request,
        apiUrl,
        pulls.map((pull) => json.pullRequest(repository, pull)),
      );
    }),
  );

  server.route(
    "POST",
    "/repos/:owner/:repo/pulls",
    inRepository(state, (request, repository, caller) => {
      const body = bodyOf(request);
      for (const field of ["title", "head", "base"] as const) {
        if (typeof body[field] !== "string" || body[field] === "") {
          return validationFailed("PullRequest", field);
        }
      }
      const head = String(body.head).split(":").pop()!;
      const pullRequest = state.addPullRequest(repository.fullName, {
        title: String(body.title),
        body: typeof body.body === "string" ? body.body : null,
        head: { ref: head },
        base: { ref: String(body.base) },
        draft: body.draft === true,
        user: caller.kind === "app" ? state.viewer.login : caller.login,
      });
      return { status: 201, json: json.pullRequest(repository, pullRequest) };
    }),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/pulls/:number",
    inRepository(state, (request, repository) => {
      const pullRequest = repository.pullRequests.get(Number(request.params.number));
      return pullRequest ? { json: json.pullRequest(repository, pullRequest) } : notFound();
    }),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/pulls/:number/files",
    inRepository(state, (request, repository) => {
      const pullRequest = repository.pullRequests.get(Number(request.params.number));
      if (!pullRequest) return notFound();
      return page(
        request,
        apiUrl,
        pullRequest.files.map((file) => json.file(repository, file)),
      );
    }),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/pulls/:number/reviews",
    inRepository(state, (request, repository) => {
      const pullRequest = repository.pullRequests.get(Number(request.params.number));
      if (!pullRequest) return notFound();
      return page(
        request,
        apiUrl,
        pullRequest.reviews.map((review) => json.review(repository, pullRequest, review)),
      );
    }),
  );
}
