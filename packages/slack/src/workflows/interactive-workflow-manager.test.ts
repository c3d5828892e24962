import {
  ConfigurationError,
  type ErrorInfo,
  NotFoundError,
  type WorkflowExecutionInfo,
} from "@contexten/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createFakeSlackClient,
  type FakeSlackServer,
  startFakeSlackServer,
} from "../testing/index";
import { InteractiveWorkflowManager } from "./interactive-workflow-manager";
import { MemoryWorkflowSessionStore } from "./workflow-session-store";
import type { WorkflowTemplate } from "./workflow-types";

const START = Date.UTC(2030, 0, 1, 12, 0, 0);

function deployTemplate(onComplete?: WorkflowTemplate["onComplete"]): WorkflowTemplate {
  return {
    type: "deploy",
    title: "Deploy",
    timeoutMs: 10 * 60_000,
    steps: [
      {
        id: "target",
        inputs: [
          {
            id: "service",
            label: "Service",
            type: "select",
            options: [{ value: "api", label: "API" }],
          },
          {
            id: "version",
            label: "Version",
            pattern: /^v\d+\.\d+\.\d+$/,
            patternMessage: "Use vX.Y.Z",
          },
        ],
      },
      {
        id: "confirm",
        inputs: [{ id: "reason", label: "Reason", minLength: 3 }],
        validate: (values) => (values.reason === "because" ? { reason: "Say why" } : undefined),
      },
    ],
    ...(onComplete ? { onComplete } : {}),
  };
}

describe("InteractiveWorkflowManager", () => {
  let now: number;
  let ids: number;
  let errors: ErrorInfo[];
  let executions: WorkflowExecutionInfo[];
  let slack: FakeSlackServer;

  const manager = (template: WorkflowTemplate, withClient = false) =>
    new InteractiveWorkflowManager({
      templates: [template],
      clock: { now: () => now },
      generateId: () => `session-${++ids}`,
      instrumentation: {
        onError: (info) => errors.push(info),
        onWorkflowExecution: (info) => executions.push(info),
      },
      ...(withClient
        ? {
            client: createFakeSlackClient(slack),
          }
        : {}),
    });

  beforeEach(async () => {
    now = START;
    ids = 0;
    errors = [];
    executions = [];
    slack = await startFakeSlackServer();
  });
  afterEach(() => slack.close());

  it("starts a session at the first step with a sliding expiry", async () => {
    const workflows = manager(deployTemplate());
    const session = await workflows.startWorkflow("U1", "deploy", { channel: "C1" });
    expect(session).toMatchObject({
      id: "session-1",
      workflowType: "deploy",
      userId: "U1",
      status: "active",
      stepIndex: 0,
      context: { channel: "C1" },
      expiresAt: new Date(START + 10 * 60_000),
    });
    now += 9 * 60_000;
    const next = await workflows.handleWorkflowStep(session.id, {
      service: "api",
      version: "v1.2.3",
    });
    expect(next.status).toBe("next");
    expect(next.session?.expiresAt).toEqual(new Date(now + 10 * 60_000));
  });

  it("validates declaratively: options, patterns, lengths and step checks", async () => {
    const workflows = manager(deployTemplate());
    const session = await workflows.startWorkflow("U1", "deploy");
    const invalid = await workflows.handleWorkflowStep(session.id, {
      service: "web",
      version: "1.2",
    });
    expect(invalid).toMatchObject({
      status: "invalid",
      errors: { service: "Please pick one of the options.", version: "Use vX.Y.Z" },
      response: { response_action: "errors" },
    });
    await workflows.handleWorkflowStep(session.id, { service: "api", version: "v1.2.3" });
    const short = await workflows.handleWorkflowStep(session.id, { reason: "no" });
    expect(short.errors).toEqual({ reason: "Please write at least 3 characters." });
    const crossField = await workflows.handleWorkflowStep(session.id, { reason: "because" });
    expect(crossField.errors).toEqual({ reason: "Say why" });
  });

  it("expires an idle session (fake time): the submission says so and nothing completes", async () => {
    let completed = 0;
    const workflows = manager(
      deployTemplate(() => {
        completed += 1;
      }),
    );
    const session = await workflows.startWorkflow("U1", "deploy");
    now += 10 * 60_000;
    const late = await workflows.handleWorkflowStep(session.id, {
      service: "api",
      version: "v1.2.3",
    });
    expect(late.status).toBe("expired");
    expect(JSON.stringify(late.response)).toContain("This form expired");
    expect((await workflows.getSession(session.id))?.status).toBe("expired");
    expect(completed).toBe(0);
  });

  it("sweeps expired sessions", async () => {
    const workflows = manager(deployTemplate());
    const old = await workflows.startWorkflow("U1", "deploy");
    now += 5 * 60_000;
    const recent = await workflows.startWorkflow("U2", "deploy");
    now += 6 * 60_000;
    expect((await workflows.expireSessions()).map((session) => session.id)).toEqual([old.id]);
    expect((await workflows.getSession(recent.id))?.status).toBe("active");
  });

  it("completes: merges every step, runs the template's action and the listeners, reports the run", async () => {
    const workflows = manager(
      deployTemplate(({ values }) => ({
        message: `Deploying ${values.version}`,
        output: { deployId: 7 },
      })),
    );
    const heard: string[] = [];
    workflows.onComplete((result) => {
      heard.push(result.status);
    });
    const session = await workflows.startWorkflow("U1", "deploy");
    await workflows.handleWorkflowStep(session.id, { service: "api", version: "v1.2.3" });
    now += 30_000;
    const submitted = await workflows.handleWorkflowStep(session.id, {
      reason: "hotfix for login",
    });
    expect(submitted.status).toBe("submitted");
    await workflows.drain();
    const stored = await workflows.getSession(session.id);
    expect(stored?.status).toBe("completed");
    expect(stored?.result).toMatchObject({
      status: "completed",
      message: "Deploying v1.2.3",
      output: { deployId: 7 },
      values: { service: "api", version: "v1.2.3", reason: "hotfix for login" },
      stepValues: {
        target: { service: "api", version: "v1.2.3" },
        confirm: { reason: "hotfix for login" },
      },
    });
    expect(heard).toEqual(["completed"]);
    expect(executions).toEqual([
      { workflowId: session.id, name: "deploy", status: "completed", durationMs: 30_000 },
    ]);
  });

  it("a failing action gives a failed result, reported, and the modal says so", async () => {
    const workflows = manager(
      deployTemplate(() => {
        throw new Error("deploy service unreachable");
      }),
      true,
    );
    const modal = await workflows.createWorkflowModal("trigger-9", "deploy", { userId: "U1" });
    await workflows.handleWorkflowStep(modal.sessionId, { service: "api", version: "v1.2.3" });
    await workflows.handleWorkflowStep(modal.sessionId, { reason: "hotfix for login" });
    await workflows.drain();
    expect((await workflows.getSession(modal.sessionId))?.result).toMatchObject({
      status: "failed",
      error: "deploy service unreachable",
    });
    expect(errors.map((info) => info.phase)).toEqual(["workflow.complete"]);
    const shown = slack.state.views.get(modal.viewId)!.view;
    expect(JSON.stringify(shown)).toContain(":x: That did not work: deploy service unreachable");
  });

  it("completes programmatically with completeWorkflow, and refuses a finished session", async () => {
    const workflows = manager(
      deployTemplate(({ values }) => ({ output: { reason: values.reason } })),
    );
    const session = await workflows.startWorkflow("U1", "deploy");
    const result = await workflows.completeWorkflow(session.id, { reason: "from an API" });
    expect(result).toMatchObject({ status: "completed", output: { reason: "from an API" } });
    await expect(workflows.completeWorkflow(session.id)).rejects.toThrow(/is completed/);
    await expect(workflows.completeWorkflow("nope")).rejects.toSatisfy((error: unknown) =>
      NotFoundError.isInstance(error),
    );
  });

  it("answers a stale step with the current one, and an unknown session by closing the modal", async () => {
    const workflows = manager(deployTemplate());
    const session = await workflows.startWorkflow("U1", "deploy");
    await workflows.handleWorkflowStep(
      session.id,
      { service: "api", version: "v1.2.3" },
      { stepId: "target" },
    );
    const repeated = await workflows.handleWorkflowStep(
      session.id,
      { service: "api", version: "v9.9.9" },
      { stepId: "target" },
    );
    expect(repeated.status).toBe("next");
    expect(JSON.stringify(repeated.view)).toContain('\\"stepId\\":\\"confirm\\"');
    expect((await workflows.getSession(session.id))?.values.target?.version).toBe("v1.2.3");
    expect(await workflows.handleWorkflowStep("gone", {})).toEqual({
      sessionId: "gone",
      status: "closed",
      response: { response_action: "clear" },
    });
  });

  it("moves a modal with views.update when asked to answer through the API", async () => {
    const workflows = manager(deployTemplate(), true);
    const modal = await workflows.createWorkflowModal("trigger-1", "deploy", { userId: "U1" });
    expect(modal.viewId).toBe("V00000001");
    const next = await workflows.handleWorkflowStep(
      modal.sessionId,
      { service: "api", version: "v1.2.3" },
      { respondWith: "api" },
    );
    expect(next.response).toBeUndefined();
    const [update] = slack.calls("views.update");
    expect(update!.params).toMatchObject({ view_id: modal.viewId });
    expect(slack.state.views.get(modal.viewId)!.history).toHaveLength(2);
  });

  it("needs a registered template and a client for modals", async () => {
    const workflows = manager(deployTemplate());
    await expect(workflows.startWorkflow("U1", "unknown")).rejects.toThrow(
      /No workflow template "unknown"/,
    );
    await expect(workflows.createWorkflowModal("t", "deploy")).rejects.toSatisfy((error: unknown) =>
      ConfigurationError.isInstance(error),
    );
  });

  it("refuses templates Slack could not show", () => {
    const workflows = new InteractiveWorkflowManager();
    expect(() =>
      workflows.registerTemplate({ type: "x", title: "A title far longer than 24", steps: [] }),
    ).toThrow(/title must be 1-24 characters[\s\S]*needs at least one step/);
    expect(() =>
      workflows.registerTemplate({
        type: "x",
        title: "X",
        steps: [
          { id: "a", inputs: [{ id: "pick", label: "Pick", type: "select" }] },
          { id: "a", inputs: [{ id: "bad id", label: "Bad" }] },
        ],
      }),
    ).toThrow(
      /select "pick" in step "a" has no options[\s\S]*step id "a" is malformed or repeated[\s\S]*input id "bad id"/,
    );
  });
});

describe("MemoryWorkflowSessionStore", () => {
  it("stores copies", () => {
    const store = new MemoryWorkflowSessionStore();
    const session = {
      id: "s1",
      workflowType: "t",
      userId: "U1",
      status: "active" as const,
      stepIndex: 0,
      values: {},
      context: {},
      createdAt: new Date(START),
      updatedAt: new Date(START),
      expiresAt: new Date(START + 1000),
    };
    store.save(session);
    session.stepIndex = 5;
    expect(store.get("s1")?.stepIndex).toBe(0);
    store.get("s1")!.stepIndex = 7;
    expect(store.get("s1")?.stepIndex).toBe(0);
    expect(store.listExpiring(new Date(START + 1000)).map((expiring) => expiring.id)).toEqual([
      "s1",
    ]);
    store.delete("s1");
    expect(store.size).toBe(0);
  });
});
