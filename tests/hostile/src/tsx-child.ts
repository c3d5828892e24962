import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The hostile-tests package directory: children run from it to resolve the workspace. */
export const PACKAGE_DIRECTORY = fileURLToPath(new URL("..", import.meta.url));

/** A TypeScript script running in its own Node process. */
export interface TsxChild {
  /** The process. */
  readonly process: ChildProcess;
  /** Everything written to stdout so far. */
  readonly stdout: string;
  /** Everything written to stderr so far. */
  readonly stderr: string;
  /** Set once it exited: how. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Resolves when it exited and its output was read to the end. */
  readonly exited: Promise<void>;
  /** Stops it: SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/**
 * Runs `script` with `node --import tsx`, the workspace packages resolved to their
 * sources (`@contexten/source`), as a user would run a TypeScript service.
 */
export function spawnTsx(script: string, env: Record<string, string> = {}): TsxChild {
  const child = spawn(
    process.execPath,
    ["--conditions=@contexten/source", "--import", "tsx", script],
    {
      cwd: PACKAGE_DIRECTORY,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const state = {
    stdout: "",
    stderr: "",
    exit: undefined as { code: number | null; signal: NodeJS.Signals | null } | undefined,
  };
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    state.stdout += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    state.stderr += chunk;
  });
  // "close", not "exit": it comes after the last output has been read.
  const exited = new Promise<void>((resolve) => {
    child.once("close", (code, signal) => {
      state.exit = { code, signal };
      resolve();
    });
  });
  return {
    process: child,
    get stdout() {
      return state.stdout;
    },
    get stderr() {
      return state.stderr;
    },
    get exit() {
      return state.exit;
    },
    exited,
    async stop() {
      if (state.exit) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}
