import { runSessionStoreConformance } from "@contexten/core/testing/conformance";
import { MemoryWorkflowSessionStore } from "./workflow-session-store";

runSessionStoreConformance({
  name: "MemoryWorkflowSessionStore",
  createStore: () => new MemoryWorkflowSessionStore(),
  createPeer: (store) => store,
});
