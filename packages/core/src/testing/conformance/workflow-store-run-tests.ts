import { describe, expect, it } from "vitest";
import type { WorkflowStore } from "../../contracts/workflow-store";
import { NotFoundError } from "../../errors/not-found-error";
import { ValidationError } from "../../errors/validation-error";
import { at, sampleDefinition, sampleRun, sampleSteps } from "./workflow-store-fixtures";

/** Runs: save, create, read, list, update. */
export function describeWorkflowStoreRuns(store: () => WorkflowStore): void {
  describe("runs", () => {
    it("saves, reads back and replaces a run field for field", async () => {
      const run = sampleRun("wf-1", 0, {
        correlationId: "group-1",
        input: { force: true, labels: ["a"] },
        state: { nested: { x: 1 } },
      });
      await store().saveWorkflow(run);
      expect(await store().getWorkflow("wf-1")).toEqual(run);
      const replaced = { ...run, status: "running" as const, state: { step: "post" } };
      await store().saveWorkflow(replaced);
      expect(await store().getWorkflow("wf-1")).toEqual(replaced);
      expect(await store().getWorkflow("unknown")).toBeUndefined();
    });

    it("fills the optional fields of an older-style record", async () => {
      const { correlationId, input, error, finishedAt, ...minimal } = sampleRun("wf-min", 0);
      await store().saveWorkflow(minimal);
      expect(await store().getWorkflow("wf-min")).toEqual({
        ...minimal,
        correlationId: null,
        input: {},
        error: null,
        finishedAt: null,
      });
    });

    it("creates a run with its steps once, even when callers race", async () => {
      const run = sampleRun("wf-2", 0);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store().createWorkflow(run, sampleSteps("wf-2", 0))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store().createWorkflow({ ...run, name: "changed" }, [])).toBe(false);
      expect((await store().getWorkflow("wf-2"))?.name).toBe("run wf-2");
      expect((await store().listSteps("wf-2")).map((step) => step.stepId)).toEqual([
        "notify",
        "label",
      ]);
      expect(await store().listSteps("wf-unknown")).toEqual([]);
    });

    it("refuses an invalid run or step and writes nothing", async () => {
      const bad = { ...sampleRun("wf-3", 0), definition: { ...sampleDefinition(), steps: [] } };
      await expect(store().createWorkflow(bad, sampleSteps("wf-3", 0))).rejects.toSatisfy(
        ValidationError.isInstance,
      );
      const badStep = { ...sampleSteps("wf-3", 0)[0]!, status: "exploded" as "failed" };
      await expect(store().createWorkflow(sampleRun("wf-3", 0), [badStep])).rejects.toSatisfy(
        ValidationError.isInstance,
      );
      await expect(
        store().saveWorkflow({ ...sampleRun("wf-3", 0), status: "exploded" as "failed" }),
      ).rejects.toSatisfy(ValidationError.isInstance);
      expect(await store().getWorkflow("wf-3")).toBeUndefined();
      expect(await store().listSteps("wf-3")).toEqual([]);
    });

    it("lists runs newest first, by status, definition, trigger and correlation", async () => {
      await store().createWorkflow(sampleRun("a", 1, { correlationId: "g1" }), []);
      await store().createWorkflow(
        sampleRun("b", 2, { status: "completed", definition: sampleDefinition("other") }),
        [],
      );
      await store().createWorkflow(
        sampleRun("c", 3, { status: "failed", correlationId: "g1" }),
        [],
      );
      await store().createWorkflow(sampleRun("d", 3, { triggerEventId: "evt-shared" }), []);
      const ids = async (query?: Parameters<WorkflowStore["listWorkflows"]>[0]) =>
        (await store().listWorkflows(query)).map((run) => run.id);
      expect(await ids()).toEqual(["d", "c", "b", "a"]);
      expect(await ids({ status: "completed" })).toEqual(["b"]);
      expect(await ids({ status: ["pending", "failed"] })).toEqual(["d", "c", "a"]);
      expect(await ids({ definitionId: "other" })).toEqual(["b"]);
      expect(await ids({ definitionId: "notify-on-merge", limit: 2 })).toEqual(["d", "c"]);
      expect(await ids({ triggerEventId: "evt-shared" })).toEqual(["d"]);
      expect(await ids({ correlationId: "g1", status: "pending" })).toEqual(["a"]);
      expect(await ids({ limit: 1 })).toEqual(["d"]);
      for (const query of [
        { status: "nope" },
        { limit: 0 },
        { limit: 1.5 },
        { definitionId: "" },
      ]) {
        await expect(store().listWorkflows(query as never)).rejects.toSatisfy(
          ValidationError.isInstance,
        );
      }
    });

    it("updates a status and merges state, or throws NotFoundError", async () => {
      await store().saveWorkflow(sampleRun("wf-4", 0));
      const updated = await store().updateWorkflowStatus("wf-4", "waiting", { approval: "x" });
      expect(updated.status).toBe("waiting");
      expect(updated.state).toEqual({ attempt: 1, approval: "x" });
      await Promise.all([
        store().updateWorkflowStatus("wf-4", "running", { first: true }),
        store().updateWorkflowStatus("wf-4", "running", { second: true }),
      ]);
      expect((await store().getWorkflow("wf-4"))?.state).toEqual({
        attempt: 1,
        approval: "x",
        first: true,
        second: true,
      });
      await expect(store().updateWorkflowStatus("missing", "failed")).rejects.toSatisfy(
        NotFoundError.isInstance,
      );
    });

    it("applies a guarded run update only while the guard holds", async () => {
      await store().createWorkflow(sampleRun("wf-5", 0, { status: "running" }), []);
      const error = { code: "workflow_step_failed", message: "boom", stepId: "notify" };
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          store().updateWorkflow(
            "wf-5",
            { status: index % 2 ? "failed" : "completed", error, finishedAt: at(5), at: at(5) },
            { ifStatus: ["pending", "running", "waiting"] },
          ),
        ),
      );
      const winners = results.filter((result) => result !== undefined);
      expect(winners).toHaveLength(1);
      const stored = await store().getWorkflow("wf-5");
      expect(stored).toEqual(winners[0]);
      expect(stored).toMatchObject({ error, finishedAt: at(5), updatedAt: at(5) });
      expect(
        await store().updateWorkflow(
          "wf-5",
          { status: "running", at: at(6) },
          { ifStatus: ["running"] },
        ),
      ).toBeUndefined();
      expect(
        await store().updateWorkflow("nope", { status: "running", at: at(6) }),
      ).toBeUndefined();
      const cleared = await store().updateWorkflow("wf-5", {
        error: null,
        state: { y: 2 },
        at: at(7),
      });
      expect(cleared).toMatchObject({ error: null, state: { attempt: 1, y: 2 }, updatedAt: at(7) });
      await expect(
        store().updateWorkflow("wf-5", { status: "bad" as "failed", at: at(8) }),
      ).rejects.toSatisfy(ValidationError.isInstance);
    });

    it("returns copies: changing a result changes nothing stored", async () => {
      await store().createWorkflow(sampleRun("wf-6", 0), sampleSteps("wf-6", 0));
      const run = await store().getWorkflow("wf-6");
      run!.state.attempt = 99;
      const [step] = await store().listSteps("wf-6");
      step!.status = "failed";
      expect((await store().getWorkflow("wf-6"))?.state.attempt).toBe(1);
      expect((await store().listSteps("wf-6"))[0]?.status).toBe("pending");
    });
  });
}
