import { describe, expect, it } from "vitest";
import { parseWithSchema } from "../errors/parse-with-schema";
import { ValidationError } from "../errors/validation-error";
import { correlatedEventSchema } from "./correlated-event";
import { correlationSchema } from "./correlation";
import { EventTypes, eventTypeSchema } from "./event-type";
import { healthStatusSchema } from "./health-status";
import { processingResultSchema } from "./processing-result";
import { retryPolicySchema } from "./retry-policy";
import { unifiedIssueSchema } from "./unified-issue";
import { unifiedNotificationSchema } from "./unified-notification";
import { workflowDefinitionSchema } from "./workflow-definition";

const validEvent = {
  id: "0f8fad5b-d9cb-469f-a165-70867728950e",
  type: EventTypes.GITHUB_PR_OPENED,
  platform: "github",
  occurredAt: "2026-11-20T10:00:00Z",
  receivedAt: new Date("2026-11-20T10:00:01Z"),
  deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
  subject: {
    kind: "pull_request",
    id: "PR_kwDO",
    key: "acme/api#42",
    url: "https://github.com/acme/api/pull/42",
  },
  keys: ["github:pr:acme/api#42", "github:number:acme/api#42"],
  refs: [
    { key: "linear:issue:ENG-123", evidence: "closes", field: "body", excerpt: "Fixes ENG-123" },
  ],
  payload: { action: "opened" },
};

describe("CorrelatedEvent schema", () => {
  it("accepts a valid event, coercing dates and filling defaults", () => {
    const event = correlatedEventSchema.parse(validEvent);
    expect(event.occurredAt).toBeInstanceOf(Date);
    expect(event.occurredAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    const minimal = correlatedEventSchema.parse({
      ...validEvent,
      keys: undefined,
      refs: undefined,
      payload: undefined,
    });
    expect(minimal.keys).toEqual([]);
    expect(minimal.refs).toEqual([]);
    expect(minimal.payload).toEqual({});
  });

  it("rejects invalid events with messages that name each field", () => {
    const attempt = () =>
      parseWithSchema(
        correlatedEventSchema,
        {
          ...validEvent,
          type: "PullRequestOpened",
          refs: [{ key: "ENG-123", evidence: "guess" }],
          subject: { kind: "pull_request" },
        },
        "CorrelatedEvent",
      );
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      const validation = error as ValidationError;
      const paths = validation.issues.map((issue) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining(["type", "refs.0.key", "refs.0.evidence", "subject.id"]),
      );
      expect(validation.message).toContain("Invalid CorrelatedEvent:");
      expect(validation.message).toMatch(/type: event type must be namespaced/);
      expect(validation.message).toMatch(
        /refs\.0\.key: correlation key must look like namespace:kind:value/,
      );
    }
  });

  it("keeps event types open but namespaced", () => {
    expect(eventTypeSchema.safeParse("github.check_run.completed").success).toBe(true);
    expect(eventTypeSchema.safeParse("custom.deploy.finished").success).toBe(true);
    expect(eventTypeSchema.safeParse("github").success).toBe(false);
    expect(eventTypeSchema.safeParse("GitHub.PR").success).toBe(false);
    expect(Object.values(EventTypes)).toHaveLength(7);
  });
});

describe("other models", () => {
  it("Correlation needs a strength in (0, 1]", () => {
    const base = {
      id: "l1",
      sourceEventId: "a",
      targetEventId: "b",
      rule: "linear_issue_to_github_pr",
      strength: 0.9,
      createdAt: new Date(),
    };
    expect(correlationSchema.parse(base).evidence).toEqual([]);
    expect(correlationSchema.safeParse({ ...base, strength: 0 }).success).toBe(false);
    expect(correlationSchema.safeParse({ ...base, strength: 1.5 }).success).toBe(false);
  });

  it("UnifiedIssue has a two-level status and normalized priority", () => {
    const issue = unifiedIssueSchema.parse({
      id: "uuid-1",
      platform: "linear",
      key: "ENG-123",
      url: "https://linear.app/acme/issue/ENG-123",
      title: "Fix login",
      status: { category: "in_progress", native: { id: "state-1", name: "In Review" } },
      createdAt: "2026-11-01T00:00:00Z",
      updatedAt: "2026-11-02T00:00:00Z",
    });
    expect(issue.priority).toBe("none");
    expect(issue.labels).toEqual([]);
    const bad = unifiedIssueSchema.safeParse({
      ...issue,
      status: { category: "doing", native: { name: "x" } },
    });
    expect(bad.success).toBe(false);
    expect(unifiedIssueSchema.safeParse({ ...issue, priority: "p1" }).success).toBe(false);
  });

  it("UnifiedNotification validates its actions", () => {
    const notification = unifiedNotificationSchema.parse({
      title: "PR opened",
      message: "acme/api#42",
      actions: [{ id: "approve", label: "Approve", style: "primary" }],
    });
    expect(notification.priority).toBe("normal");
    expect(notification.actions[0]!.style).toBe("primary");
    const bad = unifiedNotificationSchema.safeParse({
      title: "x",
      message: "y",
      actions: [{ id: "has space", label: "A" }],
    });
    expect(bad.success).toBe(false);
  });

  it("WorkflowDefinition applies the defaults and checks step references", () => {
    const workflow = workflowDefinitionSchema.parse({
      id: "wf",
      name: "Notify on PR",
      triggerPatterns: [{ type: "github.pull_request.*" }],
      steps: [
        { id: "notify", name: "Notify", action: "slack.notify" },
        { id: "attach", name: "Attach", action: "linear.attach_url", dependsOn: ["notify"] },
      ],
    });
    expect(workflow.timeoutMinutes).toBe(60);
    expect(workflow.retryPolicy).toEqual(retryPolicySchema.parse({}));
    expect(workflow.retryPolicy.maxAttempts).toBe(3);
    const result = workflowDefinitionSchema.safeParse({
      id: "wf",
      name: "x",
      triggerPatterns: [{ type: "github.**" }],
      steps: [
        { id: "a", name: "A", action: "x", dependsOn: ["missing"] },
        { id: "a", name: "A2", action: "y" },
      ],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => issue.message);
    expect(messages).toContain('duplicate step id "a"');
    expect(messages).toContain('step "a" depends on unknown step "missing"');
  });

  it("HealthStatus and ProcessingResult fill defaults", () => {
    expect(
      healthStatusSchema.parse({ platform: "github", status: "healthy", checkedAt: new Date() })
        .rateLimits,
    ).toEqual({});
    expect(
      processingResultSchema.parse({ status: "processed", httpStatus: 200, durationMs: 1 })
        .eventIds,
    ).toEqual([]);
    expect(
      processingResultSchema.safeParse({ status: "ok", httpStatus: 200, durationMs: 1 }).success,
    ).toBe(false);
  });
});
