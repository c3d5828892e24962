import { NotFoundError, ValidationError, type WorkflowRecord } from "@contexten/core";
import { workflowDefinitionSchema } from "@contexten/core/schemas";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useBackends } from "./support/store-fixture";

const backends = useBackends();

const definition = workflowDefinitionSchema.parse({
  id: "notify-on-merge",
  name: "Notify on merge",
  triggerPatterns: [
    { type: "github.pull_request.closed", payload: { "pull_request.merged": true } },
  ],
  steps: [{ id: "post", name: "Post to Slack", action: "slack.notify", input: { channel: "C1" } }],
});

function record(
  id: string,
  createdAt: string,
  overrides: Partial<WorkflowRecord> = {},
): WorkflowRecord {
  return {
    id,
    name: `run ${id}`,
    definition,
    status: "pending",
    triggerEventId: "evt-1",
    state: { attempt: 1 },
    createdAt: new Date(createdAt),
    updatedAt: new Date(createdAt),
    ...overrides,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe.each(backends)("PostgresStore workflows on $name", (backend) => {
  it("saves, reads back and replaces a run", async () => {
    const { store, schema, raw } = await backend.create();
    const run = record("wf-1", "2025-01-01T00:00:00.000Z");
    await store.saveWorkflow(run);
    // Fields the record left out come back with their defaults.
    const defaults = { correlationId: null, input: {}, error: null, finishedAt: null };
    expect(await store.getWorkflow("wf-1")).toEqual({ ...run, ...defaults });
    const replaced = {
      ...run,
      status: "running" as const,
      state: { step: "post" },
      triggerEventId: null,
    };
    await store.saveWorkflow(replaced);
    expect(await store.getWorkflow("wf-1")).toEqual({ ...replaced, ...defaults });
    expect(await raw(`SELECT id FROM "${schema}".workflows`)).toEqual([{ id: "wf-1" }]);
    expect(await store.getWorkflow("unknown")).toBeUndefined();
  });

  it("lists runs newest first, filtered by status and limited", async () => {
    const { store } = await backend.create();
    await store.saveWorkflow(record("a", "2025-01-01T00:00:00.000Z"));
    await store.saveWorkflow(record("b", "2025-01-02T00:00:00.000Z", { status: "completed" }));
    await store.saveWorkflow(record("c", "2025-01-03T00:00:00.000Z", { status: "failed" }));
    const ids = async (query?: Parameters<typeof store.listWorkflows>[0]) =>
      (await store.listWorkflows(query)).map((run) => run.id);
    expect(await ids()).toEqual(["c", "b", "a"]);
    expect(await ids({ status: "completed" })).toEqual(["b"]);
    expect(await ids({ status: ["pending", "failed"] })).toEqual(["c", "a"]);
    expect(await ids({ limit: 1 })).toEqual(["c"]);
  });

  it("updates the status, merges state and stamps updatedAt in one statement", async () => {
    const { store } = await backend.create();
    await store.saveWorkflow(record("wf-1", "2025-01-01T00:00:00.000Z"));
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-02-01T12:00:00.000Z") });
    const updated = await store.updateWorkflowStatus("wf-1", "waiting", { approval: "pending" });
    expect(updated.status).toBe("waiting");
    expect(updated.state).toEqual({ attempt: 1, approval: "pending" });
    expect(updated.updatedAt).toEqual(new Date("2025-02-01T12:00:00.000Z"));
    expect(updated.createdAt).toEqual(new Date("2025-01-01T00:00:00.000Z"));
    expect(await store.getWorkflow("wf-1")).toEqual(updated);
    const concurrent = await Promise.all([
      store.updateWorkflowStatus("wf-1", "running", { first: true }),
      store.updateWorkflowStatus("wf-1", "running", { second: true }),
    ]);
    expect(concurrent).toHaveLength(2);
    expect((await store.getWorkflow("wf-1"))?.state).toEqual({
      attempt: 1,
      approval: "pending",
      first: true,
      second: true,
    });
  });

  it("throws NotFoundError for an unknown run and ValidationError for bad input", async () => {
    const { store } = await backend.create();
    await expect(store.updateWorkflowStatus("missing", "failed")).rejects.toSatisfy(
      NotFoundError.isInstance,
    );
    await store.saveWorkflow(record("wf-1", "2025-01-01T00:00:00.000Z"));
    await expect(store.updateWorkflowStatus("wf-1", "exploded" as "failed")).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    await expect(
      store.saveWorkflow({
        ...record("wf-2", "2025-01-01T00:00:00.000Z"),
        definition: { ...definition, steps: [] },
      }),
    ).rejects.toSatisfy(ValidationError.isInstance);
    await expect(store.listWorkflows({ status: "nope" as "failed" })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    expect(await store.getWorkflow("wf-2")).toBeUndefined();
    expect((await store.getWorkflow("wf-1"))?.status).toBe("pending");
  });
});

describe.each(backends)("PostgresStore workflow steps on $name", (backend) => {
  it("writes runs and steps to their columns, read back with raw SQL", async () => {
    const { store, schema, raw } = await backend.create();
    const created = record("wf-9", "2025-01-01T00:00:00.000Z", {
      status: "running",
      correlationId: "group-9",
      input: { force: true },
    });
    const step = {
      runId: "wf-9",
      stepId: "post",
      status: "pending" as const,
      attempts: 0,
      updatedAt: new Date("2025-01-01T00:00:00.000Z"),
    };
    expect(await store.createWorkflow(created, [step])).toBe(true);
    await store.updateStep(
      "wf-9",
      "post",
      {
        status: "waiting",
        attempts: 1,
        wait: { kind: "timer", until: new Date("2025-01-01T01:00:00.000Z") },
        at: new Date("2025-01-01T00:00:05.000Z"),
      },
      { ifStatus: ["pending"], ifAttempts: 0 },
    );
    expect(
      await raw(
        `SELECT definition_id, correlation_id, input, status FROM "${schema}".workflows WHERE id = 'wf-9'`,
      ),
    ).toEqual([
      {
        definition_id: "notify-on-merge",
        correlation_id: "group-9",
        input: { force: true },
        status: "running",
      },
    ]);
    const rows = await raw<{ updated_at: Date | string }>(
      `SELECT step_id, position, status, attempts, wait, updated_at FROM "${schema}".workflow_steps`,
    );
    expect(rows).toMatchObject([
      {
        step_id: "post",
        position: 0,
        status: "waiting",
        attempts: 1,
        wait: { kind: "timer", until: "2025-01-01T01:00:00.000Z" },
      },
    ]);
    expect(new Date(rows[0]!.updated_at).toISOString()).toBe("2025-01-01T00:00:05.000Z");
    await raw(`DELETE FROM "${schema}".workflows WHERE id = 'wf-9'`);
    expect(await store.listSteps("wf-9")).toEqual([]);
  });
});
