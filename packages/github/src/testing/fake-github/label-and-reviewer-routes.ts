import { type FakeGitHubRouteContext, inRepository } from "./fake-github-context";
import { bodyOf, notFound, validationFailed } from "./fake-github-responses";

function names(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((entry) => typeof entry === "string")
    ? (value as string[])
    : undefined;
}

/** Adding labels to an issue or pull request, and requesting reviewers on a pull request. */
export function registerLabelAndReviewerRoutes(context: FakeGitHubRouteContext): void {
  const { server, state, json } = context;

  server.route(
    "POST",
    "/repos/:owner/:repo/issues/:number/labels",
    inRepository(state, (request, repository) => {
      const number = Number(request.params.number);
      const target = repository.issues.get(number) ?? repository.pullRequests.get(number);
      if (!target) return notFound();
      const labels = names(bodyOf(request).labels);
      if (!labels || labels.length === 0) return validationFailed("Label", "labels");
      for (const label of labels) {
        if (!target.labels.includes(label)) target.labels.push(label);
        repository.labels.add(label);
      }
      target.updatedAt = state.clock.now();
      return { json: target.labels.map((name) => json.label(name)) };
    }),
  );

  server.route(
    "POST",
    "/repos/:owner/:repo/pulls/:number/requested_reviewers",
    inRepository(state, (request, repository) => {
      const pullRequest = repository.pullRequests.get(Number(request.params.number));
      if (!pullRequest) return notFound();
      const reviewers = names(bodyOf(request).reviewers) ?? [];
      if (reviewers.length === 0) return validationFailed("PullRequest", "reviewers");
      for (const login of reviewers) {
        if (!pullRequest.requestedReviewers.includes(login)) {
          pullRequest.requestedReviewers.push(login);
        }
      }
      pullRequest.updatedAt = state.clock.now();
      return { status: 201, json: json.pullRequest(repository, pullRequest) };
    }),
  );
}
