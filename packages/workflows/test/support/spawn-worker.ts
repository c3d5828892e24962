import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { WorkerConfig } from "./worker-definitions";

const root = fileURLToPath(new URL("../../../..", import.meta.url));
const script = fileURLToPath(new URL("./workflow-worker.ts", import.meta.url));

/** A running worker process and what it printed. */
export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  /** Resolves when the worker printed `line` (rejects if it exits first). */
  printed(line: string): Promise<void>;
  /** Resolves once the process has exited. */
  exited: Promise<number | null>;
}

/** Starts a worker with the same Node (tsx loads the TypeScript sources). */
export function spawnWorker(config: WorkerConfig): WorkerProcess {
  const child = spawn(
    process.execPath,
    ["--conditions=@contexten/source", "--import", "tsx", script],
    {
      cwd: root,
      env: { ...process.env, WORKFLOW_WORKER_CONFIG: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output: string[] = [];
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output,
    exited,
    printed(line) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (output.includes(line)) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        check();
        void exited.then((code) => {
          if (!output.includes(line)) {
            reject(
              new Error(`worker exited (${code}) before printing "${line}":\n${output.join("\n")}`),
            );
          }
        });
      });
    },
  };
}
