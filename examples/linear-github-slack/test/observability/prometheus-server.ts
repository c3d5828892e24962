import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureSystemTools } from "../../../../scripts/ensure-system-tools.mjs";

/** A real Prometheus on 127.0.0.1 scraping one target. */
export interface PrometheusServer {
  /** Its HTTP API, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** One instant query: the vector's samples as `{ labels, value }`. */
  query(expression: string): Promise<Array<{ labels: Record<string, string>; value: number }>>;
  /** Stops it and removes its data folder. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `check` until it returns a value (not undefined), up to `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts Debian's `prometheus` (installed by scripts/ensure-system-tools.mjs when
 * missing) on a loopback port, scraping `target` (`127.0.0.1:port`) at `/metrics` every
 * `scrapeIntervalSeconds`.
 */
export async function startPrometheus(options: {
  target: string;
  scrapeIntervalSeconds?: number;
}): Promise<PrometheusServer> {
  const { prometheus } = ensureSystemTools(["prometheus"]);
  const directory = await mkdtemp(join(tmpdir(), "contexten-prometheus-"));
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const config = join(directory, "prometheus.yml");
  await writeFile(
    config,
    [
      "global:",
      `  scrape_interval: ${interval}`,
      `  evaluation_interval: ${interval}`,
      "scrape_configs:",
      "  - job_name: contexten",
      "    metrics_path: /metrics",
      "    static_configs:",
      `      - targets: ["${options.target}"]`,
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    prometheus,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(directory, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
        const response = await fetch(`${url}/-/ready`);
        return response.ok ? true : undefined;
      },
      30_000,
      "Prometheus to be ready",
    );
  } catch (error) {
    await close();
    throw error;
  }
  return {
    url,
    async query(expression) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`);
      const body = (await response.json()) as {
        status: string;
        data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      if (body.status !== "success") throw new Error(`query failed: ${JSON.stringify(body)}`);
      return body.data.result.map((sample) => ({
        labels: sample.metric,
        value: Number(sample.value[1]),
      }));
    },
    close,
  };
}
