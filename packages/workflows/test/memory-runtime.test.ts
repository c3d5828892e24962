import { setImmediate as turn } from "node:timers/promises";
import { MemoryEventStore, MemoryWorkflowStore } from "@contexten/core";
import { createMemoryRuntime } from "../src/index";
import { runWorkflowRuntimeConformance } from "../src/testing/conformance/index";
import { ManualClock } from "../src/testing/index";

runWorkflowRuntimeConformance({
  name: "memory",
  async createHarness() {
    const manual = new ManualClock();
    const runtime = createMemoryRuntime({ clock: manual, concurrency: 8 });
    // Everything in memory settles within a few turns of the event loop; a step that waits
    // for a gate or hangs on purpose never makes the runtime idle, so do not wait for that.
    const settle = async () => {
      for (let index = 0; index < 20 && runtime.pending > 0; index += 1) await turn();
      await turn();
    };
    return {
      runtime,
      store: new MemoryWorkflowStore(),
      events: new MemoryEventStore(),
      clock: { now: () => manual.now(), advance: (ms) => manual.advance(ms, settle) },
      settle,
    };
  },
});
