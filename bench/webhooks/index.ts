/**
 * bench/webhooks: contexten's GitHub ingest against @octokit/webhooks, in process
 * (`in-process.ts`, against `verifyAndReceive`) and over loopback HTTP (`http.ts`, against
 * `createNodeMiddleware`). `BENCH_WEBHOOKS_MODE=in-process` or `http` runs one of them.
 *
 * Run: npm run bench -- webhooks
 */
import { runHttpBenchmark } from "./http";
import { runInProcessBenchmark } from "./in-process";

const mode = process.env.BENCH_WEBHOOKS_MODE ?? "all";
if (mode === "all" || mode === "in-process") await runInProcessBenchmark();
if (mode === "all" || mode === "http") await runHttpBenchmark();
