import { runWorkflowStoreConformance } from "../testing/workflow-store-conformance";
import { MemoryWorkflowStore } from "./memory-workflow-store";

runWorkflowStoreConformance({
  name: "MemoryWorkflowStore",
  createStore: () => new MemoryWorkflowStore(),
});
