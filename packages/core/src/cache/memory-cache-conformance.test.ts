import { runCacheConformance } from "../testing/cache-conformance";
import { MemoryCache } from "./memory-cache";

runCacheConformance({ name: "MemoryCache", createCache: (clock) => new MemoryCache({ clock }) });
