import { runSessionStoreConformance } from "@contexten/core/testing";
import { MemoryWorkflowSessionStore } from "./workflow-session-store";

runSessionStoreConformance({
  name: "MemoryWorkflowSessionStore",
  createStore: () => new MemoryWorkflowSessionStore(),
  createPeer: (store) => store,
});
