import { runRateLimitBackendConformance } from "../testing/rate-limit-backend-conformance";
import { MemoryRateLimitBackend } from "./memory-rate-limit-backend";

runRateLimitBackendConformance({
  name: "MemoryRateLimitBackend",
  createBackend: () => new MemoryRateLimitBackend(),
  // Two limiters handed the same memory backend share it: the contract's "peer" case.
  createPeer: (backend) => backend,
});
