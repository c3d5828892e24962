import type { FakeGitHubCaller } from "./fake-github-auth";
import { type FakeGitHubRouteContext, inRepository } from "./fake-github-context";
import type { FakeGitHubIssue, FakeGitHubRepository } from "./fake-github-model";
import { bodyOf, notFound, page, queryParameter, validationFailed } from "./fake-github-responses";

const STATE_REASONS = new Set(["completed", "not_planned", "reopened"]);

function authorOf(caller: FakeGitHubCaller, fallback: string): string {
  return caller.kind === "app" ? fallback : caller.login;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((entry) =>
    typeof entry === "string" ? entry : String((entry as { name?: unknown }).name ?? ""),
  );
}

/** Applies a PATCH body as GitHub does; returns an error message for invalid input. */
function applyIssueUpdate(
  repository: FakeGitHubRepository,
  issue: FakeGitHubIssue,
  body: Record<string, unknown>,
  now: number,
): string | undefined {
  if (body.state !== undefined && body.state !== "open" && body.state !== "closed") return "state";
  if (
    body.state_reason !== undefined &&
    body.state_reason !== null &&
    !STATE_REASONS.has(String(body.state_reason))
  ) {
    return "state_reason";
  }
  if (typeof body.title === "string") issue.title = body.title;
  if (body.body !== undefined) issue.body = typeof body.body === "string" ? body.body : null;
  const labels = stringList(body.labels);
  if (labels) {
    issue.labels = labels;
    for (const label of labels) repository.labels.add(label);
  }
  const assignees = stringList(body.assignees);
  if (assignees) issue.assignees = assignees;
  if (body.state === "closed") {
    if (issue.state !== "closed") issue.closedAt = now;
    issue.state = "closed";
    issue.stateReason = (body.state_reason as FakeGitHubIssue["stateReason"]) ?? "completed";
  } else if (body.state === "open" && issue.state === "closed") {
    issue.state = "open";
    issue.closedAt = null;
    issue.stateReason = "reopened";
  }
  issue.updatedAt = now;
  return undefined;
}

/** Issue routes: create, get, update, and comments (which pull requests share). */
export function registerIssueRoutes(context: FakeGitHubRouteContext): void {
  const { server, state, json, apiUrl } = context;

  server.route(
    "GET",
    "/repos/:owner/:repo/labels",
    inRepository(state, (request, repository) =>
      page(
        request,
        apiUrl,
        [...repository.labels].sort().map((name) => json.label(name)),
      ),
    ),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/issues",
    inRepository(state, (request, repository) => {
      const wanted = queryParameter(request, "state") ?? "open";
      const issues = [...repository.issues.values()]
        .filter((issue) => wanted === "all" || issue.state === wanted)
        .sort((a, b) => b.number - a.number);
      return page(
        request,
        apiUrl,
        issues.map((issue) => json.issue(repository, issue)),
      );
    }),
  );

  server.route(
    "POST",
    "/repos/:owner/:repo/issues",
    inRepository(state, (request, repository, caller) => {
      const body = bodyOf(request);
      if (typeof body.title !== "string" || body.title === "")
        return validationFailed("Issue", "title");
      const issue = state.addIssue(repository.fullName, {
        title: body.title,
        body: typeof body.body === "string" ? body.body : null,
        labels: stringList(body.labels) ?? [],
        assignees: stringList(body.assignees) ?? [],
        user: authorOf(caller, state.viewer.login),
      });
      return { status: 201, json: json.issue(repository, issue) };
    }),
  );

  server.route(
    "GET",
    "/repos/:owner/:repo/issues/:number",
    inRepository(state, (request, repository) => {
      const number = Number(request.params.number);
      const issue = repository.issues.get(number);
      if (issue) return { json: json.issue(repository, issue) };
      const pullRequest = repository.pullRequests.get(number);
      if (!pullRequest) return notFound();
      // GitHub serves every pull request as an issue too, marked with `pull_request`.
      const pull = json.pullRequest(repository, pullRequest);
      return {
        json: {
          ...pull,
          html_url: pull.html_url,
          state_reason: null,
          assignees: [],
          pull_request: { url: pull.url, html_url: pull.html_url },
        },
      };
    }),
  );

  server.route(
    "PATCH",
    "/repos/:owner/:repo/issues/:number",
    inRepository(state, (request, repository) => {
      const issue = repository.issues.get(Number(request.params.number));
      if (!issue) return notFound();
      const invalid = applyIssueUpdate(repository, issue, bodyOf(request), state.clock.now());
      if (invalid) return validationFailed("Issue", invalid, "invalid");
      return { json: json.issue(repository, issue) };
    }),
  );

  const conversation = (repository: FakeGitHubRepository, number: number) =>
    repository.issues.get(number) ?? repository.pullRequests.get(number);

  server.route(
    "GET",
    "/repos/:owner/:repo/issues/:number/comments",
    inRepository(state, (request, repository) => {
      const number = Number(request.params.number);
      const thread = conversation(repository, number);
      if (!thread) return notFound();
      return page(
        request,
        apiUrl,
        thread.comments.map((comment) => json.comment(repository, number, comment)),
      );
    }),
  );

  server.route(
    "POST",
    "/repos/:owner/:repo/issues/:number/comments",
    inRepository(state, (request, repository, caller) => {
      const number = Number(request.params.number);
      const thread = conversation(repository, number);
      if (!thread) return notFound();
      const body = bodyOf(request);
      if (typeof body.body !== "string" || body.body === "") {
        return validationFailed("IssueComment", "body");
      }
      const comment = state.comment({
        body: body.body,
        user: authorOf(caller, state.viewer.login),
      });
      thread.comments.push(comment);
      thread.updatedAt = comment.createdAt;
      return { status: 201, json: json.comment(repository, number, comment) };
    }),
  );
}
