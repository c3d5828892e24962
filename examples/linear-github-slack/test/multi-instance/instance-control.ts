import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { InstanceCommand, InstanceSettings } from "./instance-protocol";

const entry = fileURLToPath(new URL("./instance-process.ts", import.meta.url));

/** One instance process, driven over IPC. */
export interface Instance {
  readonly index: number;
  /** Base URL of its HTTP server. */
  readonly url: string;
  /** When its next timer is due (after the last command), if any. */
  next: number | undefined;
  send<Result = Record<string, unknown>>(command: InstanceCommand): Promise<Result>;
  /** Stops it and waits for the process to exit. */
  close(): Promise<void>;
}

/** Starts an instance of the example service in a process of its own. */
export async function startInstance(settings: InstanceSettings): Promise<Instance> {
  const child: ChildProcess = fork(entry, [JSON.stringify(settings)], {
    execArgv: ["--conditions=@contexten/source", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  const exited = once(child, "exit");
  child.on(
    "message",
    (message: { id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (message.id === undefined) return;
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.ok) pending?.resolve(message.result);
      else pending?.reject(new Error(`instance ${settings.index}: ${message.error}`));
    },
  );
  child.once("exit", (code) => {
    for (const pending of waiting.values())
      pending.reject(new Error(`instance ${settings.index} exited (${code})`));
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) =>
      reject(new Error(`instance ${settings.index} exited (${code}) before starting`)),
    );
  });
  const send = <Result>(command: InstanceCommand) =>
    new Promise<Result>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, command });
    });
  const { url } = await send<{ url: string }>({ type: "hello" });
  const instance: Instance = {
    index: settings.index,
    url,
    next: undefined,
    async send<Result>(command: InstanceCommand) {
      const result = await send<Result>(command);
      if (typeof result === "object" && result !== null && "next" in result) {
        instance.next = (result as { next: number | null }).next ?? undefined;
      }
      return result;
    },
    async close() {
      if (child.exitCode !== null) return;
      await send({ type: "close" }).catch(() => {});
      await exited;
    },
  };
  return instance;
}
