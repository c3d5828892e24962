import { type CorrelatedEvent, CorrelationKeys } from "@contexten/core";
import { correlatedEventSchema, eventTypeSchema } from "@contexten/core/schemas";
import { describe, expect, it } from "vitest";
import {
  exampleOf,
  examplesOf,
  NORMALIZED_EVENTS,
  webhookExamples,
} from "../__fixtures__/webhook-examples";
import type { GitHubWebhookPayload } from "./github-webhook-payloads";
import { normalizeGitHubEvent } from "./normalize-github-event";

const receivedAt = new Date("2030-01-01T09:00:00Z");

function normalize(
  event: string,
  payload: Record<string, unknown>,
  deliveryId = "d-1",
): CorrelatedEvent {
  const normalized = normalizeGitHubEvent({
    event,
    action: typeof payload.action === "string" ? payload.action : undefined,
    deliveryId,
    payload,
    receivedAt,
    references: {},
  });
  const parsed = correlatedEventSchema.safeParse(normalized);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  expect(eventTypeSchema.safeParse(normalized.type).success).toBe(true);
  return normalized;
}

const refKeys = (event: CorrelatedEvent) => event.refs.map((ref) => ref.key);

/** Per event: the type it must get and what its keys and refs must contain. */
const expectations: {
  [Name in (typeof NORMALIZED_EVENTS)[number]]: (
    payload: GitHubWebhookPayload<Name>,
    event: CorrelatedEvent,
  ) => void;
} = {
  pull_request(payload, event) {
    const repository = payload.repository.full_name;
    const { pull_request: pr } = payload;
    const merged = payload.action === "closed" && pr.merged === true;
    expect(event.type).toBe(
      merged ? "github.pull_request.merged" : `github.pull_request.${payload.action}`,
    );
    expect(event.subject).toMatchObject({
      kind: "pull_request",
      key: `${repository}#${pr.number}`,
      url: pr.html_url,
    });
    expect(event.keys).toEqual(
      expect.arrayContaining([
        CorrelationKeys.githubPullRequest(repository, pr.number),
        CorrelationKeys.githubNumber(repository, pr.number),
      ]),
    );
    expect(refKeys(event)).toContain(CorrelationKeys.gitSha(pr.head.sha));
    expect(refKeys(event)).toContain(
      CorrelationKeys.githubBranch(pr.head.repo?.full_name ?? repository, pr.head.ref),
    );
  },
  pull_request_review(payload, event) {
    expect(event.type).toBe(`github.pull_request_review.${payload.action}`);
    expect(event.keys).toContain(CorrelationKeys.githubObject("review", payload.review.id));
    expect(event.refs).toContainEqual(
      expect.objectContaining({
        key: CorrelationKeys.githubPullRequest(
          payload.repository.full_name,
          payload.pull_request.number,
        ),
        evidence: "attachment",
      }),
    );
  },
  push(payload, event) {
    expect(event.type).toBe("github.push");
    const repository = payload.repository.full_name;
    if (payload.ref.startsWith("refs/heads/")) {
      expect(event.keys).toContain(CorrelationKeys.githubBranch(repository, payload.ref));
    }
    if (!/^0+$/.test(payload.after))
      expect(event.keys).toContain(CorrelationKeys.gitSha(payload.after));
    for (const commit of payload.commits)
      expect(event.keys).toContain(CorrelationKeys.gitSha(commit.id));
  },
  workflow_run(payload, event) {
    expect(event.type).toBe(`github.workflow_run.${payload.action}`);
    expect(event.keys).toContain(
      CorrelationKeys.githubObject("workflow-run", payload.workflow_run.id),
    );
    expect(refKeys(event)).toContain(CorrelationKeys.gitSha(payload.workflow_run.head_sha));
  },
  check_run(payload, event) {
    const run = payload.check_run;
    expect(event.type).toBe(`github.check_run.${payload.action}`);
    expect(event.keys).toContain(CorrelationKeys.githubObject("check-run", run.id));
    expect(refKeys(event)).toContain(CorrelationKeys.gitSha(run.head_sha));
    expect(refKeys(event)).toContain(
      CorrelationKeys.githubObject("check-suite", run.check_suite.id!),
    );
    for (const pr of run.pull_requests) {
      expect(refKeys(event)).toContain(
        CorrelationKeys.githubPullRequest(payload.repository.full_name, pr.number),
      );
    }
  },
  check_suite(payload, event) {
    const suite = payload.check_suite;
    expect(event.type).toBe(`github.check_suite.${payload.action}`);
    expect(event.keys).toContain(CorrelationKeys.githubObject("check-suite", suite.id));
    expect(refKeys(event)).toContain(CorrelationKeys.gitSha(suite.head_sha));
    if (suite.head_branch) {
      expect(refKeys(event)).toContain(
        CorrelationKeys.githubBranch(payload.repository.full_name, suite.head_branch),
      );
    }
  },
  issues(payload, event) {
    const repository = payload.repository.full_name;
    expect(event.type).toBe(`github.issues.${payload.action}`);
    expect(event.subject).toMatchObject({
      kind: "issue",
      key: `${repository}#${payload.issue.number}`,
    });
    expect(event.keys).toContain(CorrelationKeys.githubIssue(repository, payload.issue.number));
  },
  issue_comment(payload, event) {
    const repository = payload.repository.full_name;
    expect(event.type).toBe(`github.issue_comment.${payload.action}`);
    expect(event.keys).toContain(CorrelationKeys.githubObject("issue-comment", payload.comment.id));
    const target = payload.issue.pull_request
      ? CorrelationKeys.githubPullRequest(repository, payload.issue.number)
      : CorrelationKeys.githubIssue(repository, payload.issue.number);
    expect(event.refs).toContainEqual(
      expect.objectContaining({ key: target, evidence: "attachment" }),
    );
  },
  create(payload, event) {
    expect(event.type).toBe(`github.create.${payload.ref_type}`);
    if (payload.ref_type === "branch") {
      expect(event.keys).toEqual([
        CorrelationKeys.githubBranch(payload.repository.full_name, payload.ref),
      ]);
    }
  },
  delete(payload, event) {
    expect(event.type).toBe(`github.delete.${payload.ref_type}`);
    expect(event.subject.key).toBe(payload.ref);
  },
};

describe("every published example of the normalized events", () => {
  for (const name of NORMALIZED_EVENTS) {
    const examples = examplesOf(name);
    it(`normalizes all ${examples.length} ${name} example(s) with keys and refs`, () => {
      expect(examples.length).toBeGreaterThan(0);
      for (const [index, payload] of examples.entries()) {
        const event = normalize(name, payload, `${name}-${index}`);
        expect(event.platform).toBe("github");
        expect(event.payload).toBe(payload);
        expect(event.keys.length).toBeGreaterThan(0);
        (expectations[name] as (payload: unknown, event: CorrelatedEvent) => void)(payload, event);
      }
    });
  }
});

describe("every other published event", () => {
  const others = webhookExamples().filter(
    (group) =>
      !(NORMALIZED_EVENTS as readonly string[]).includes(group.name) && group.name !== "ping",
  );
  it(`stores all ${others.length} other events as github.<event>.<action|received>`, () => {
    expect(others.length).toBeGreaterThan(40);
    for (const group of others) {
      for (const payload of group.examples) {
        const event = normalize(group.name, payload);
        const action =
          typeof payload.action === "string"
            ? payload.action.replace(/[^a-z0-9_-]+/gi, "_").toLowerCase()
            : "received";
        expect(event.type).toBe(`github.${group.name}.${action}`);
      }
    }
  });

  it("keys the object named after the event and refs attached pull requests", () => {
    const release = exampleOf("release");
    expect(normalize("release", release).keys).toEqual([
      CorrelationKeys.githubObject("release", release.release.id),
    ]);
    const comment = exampleOf("pull_request_review_comment");
    const event = normalize("pull_request_review_comment", comment);
    expect(event.refs).toContainEqual(
      expect.objectContaining({
        key: CorrelationKeys.githubPullRequest(
          comment.repository.full_name,
          comment.pull_request.number,
        ),
        evidence: "attachment",
      }),
    );
    const status = exampleOf("status");
    const statusEvent = normalize("status", status);
    expect(statusEvent.type).toBe("github.status.received");
    expect(refKeys(statusEvent)).toContain(CorrelationKeys.gitSha(status.sha));
  });
});
