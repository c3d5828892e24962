import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { fillReadmeServer, README_SERVER_ENV, readmeServerExample } from "./readme-server";
import { SECRETS } from "./receiver";
import { PACKAGE_DIRECTORY, spawnTsx } from "./tsx-child";

// Inside node_modules (ignored by git), so the script resolves the workspace packages.
const scriptDirectory = `${PACKAGE_DIRECTORY}node_modules/.cache/hostile`;

/** How long the child may take to start listening (tsx compiles the sources on the fly). */
const START_TIMEOUT_MS = 60_000;

/**
 * What the child writes to stderr when an error nobody handled reaches the top: Node's
 * crash report ends with its version line; warnings and hooks name it outright.
 */
export const UNHANDLED_CRASH =
  /unhandled|uncaught|triggerUncaughtException|ERR_UNHANDLED_REJECTION|FATAL ERROR|^Node\.js v\d+/im;

/** Options of {@link startReadmeServer}. */
export interface ReadmeServerOptions {
  /** `bodyTimeoutMs` for `createWebhookHandler`. */
  bodyTimeoutMs: number;
}

/** The README's server running as a child process. */
export interface ReadmeServer {
  /** Its port on 127.0.0.1. */
  readonly port: number;
  /** Everything it wrote to stderr so far. */
  readonly stderr: string;
  /** Set once it exited: how. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Stops it (SIGTERM, then SIGKILL) and removes its script. */
  stop(): Promise<void>;
}

/**
 * Writes the README's minimal server, filled in (see `fillReadmeServer`), to a script
 * and runs it with `node --import tsx`, as a user would run it, with the workspace
 * packages resolved to their sources. Resolves once it accepts connections.
 */
export async function startReadmeServer(options: ReadmeServerOptions): Promise<ReadmeServer> {
  mkdirSync(scriptDirectory, { recursive: true });
  const port = await freePort();
  const script = `${scriptDirectory}/readme-server-${process.pid}-${port}.ts`;
  writeFileSync(script, fillReadmeServer(readmeServerExample()));
  const child = spawnTsx(script, {
    [README_SERVER_ENV.port]: String(port),
    [README_SERVER_ENV.bodyTimeoutMs]: String(options.bodyTimeoutMs),
    [README_SERVER_ENV.githubSecret]: SECRETS.github,
    [README_SERVER_ENV.slackSecret]: SECRETS.slack,
    [README_SERVER_ENV.linearSecret]: SECRETS.linear,
  });
  const server: ReadmeServer = {
    port,
    get stderr() {
      return child.stderr;
    },
    get exit() {
      return child.exit;
    },
    async stop() {
      await child.stop();
      rmSync(script, { force: true });
    },
  };
  try {
    await waitUntilListening(port, () => child.exit !== undefined);
  } catch (error) {
    await server.stop();
    throw new Error(
      `the README server did not start: ${(error as Error).message}\nstderr:\n${child.stderr}`,
    );
  }
  return server;
}

/** A port free on 127.0.0.1 right now (the child binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilListening(port: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error("it exited while starting");
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${START_TIMEOUT_MS} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
