import { type ReadmeServer, startReadmeServer, UNHANDLED_CRASH } from "./child-server";
import { fixtureNamed } from "./fixtures";
import { signedFixtureRequest } from "./signed-request";

/**
 * Body deadline the corpus gives the README server: short, so a stalled body is dropped
 * well within a test, and long enough for loopback deliveries on a busy machine.
 */
export const BODY_TIMEOUT_MS = 500;

/**
 * How long a case may take to bring the server down after the client is done. A crash
 * from a dropped connection surfaces within milliseconds; the wait only makes sure it
 * has surfaced before the server is declared alive. A healthy server passes regardless.
 */
const SETTLE_MS = 300;

/** A bound on every answer over the wire (generous; this is not a benchmark). */
export const WIRE_TIMEOUT_MS = 10_000;

/**
 * One README server for a test file, restarted when a case killed it, so each case is
 * judged on its own.
 */
export class ReadmeServerHarness {
  private server: ReadmeServer | undefined;

  /** A running server (the previous one if it is still alive). */
  async running(): Promise<ReadmeServer> {
    if (this.server && !this.server.exit) return this.server;
    await this.server?.stop();
    this.server = await startReadmeServer({ bodyTimeoutMs: BODY_TIMEOUT_MS });
    return this.server;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  /**
   * Runs one hostile case against a live server, then checks that the server survived
   * it: still running, still answering a signed delivery with 200, and nothing on its
   * stderr about an unhandled rejection or exception. The case's own expectations are
   * checked too; every broken promise is reported together.
   */
  async survives(hostileCase: (port: number) => Promise<string[]>): Promise<void> {
    const server = await this.running();
    const mark = server.stderr.length;
    const problems = await hostileCase(server.port);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    if (server.exit) {
      problems.push(
        `the server died (exit code ${server.exit.code}, signal ${server.exit.signal})`,
      );
    } else {
      const answer = await deliverSigned(server.port).catch((error: Error) => error);
      if (answer instanceof Error) {
        problems.push(`a signed delivery afterwards got no answer: ${answer.message}`);
      } else if (answer.status !== 200) {
        problems.push(`a signed delivery afterwards was answered ${answer.status} ${answer.body}`);
      }
    }
    const stderr = server.stderr.slice(mark);
    if (UNHANDLED_CRASH.test(stderr)) problems.push("its stderr shows an unhandled error");
    if (problems.length > 0) {
      const excerpt = stderr.trim() ? `\nserver stderr:\n${stderr.trim().slice(0, 2000)}` : "";
      throw new Error(`${problems.join("; ")}${excerpt}`);
    }
  }
}

/** A signed GitHub push, sent with `fetch`; resolves with the answer. */
export async function deliverSigned(port: number): Promise<{ status: number; body: string }> {
  const request = await signedFixtureRequest(fixtureNamed("github push #0"));
  const response = await fetch(`http://127.0.0.1:${port}/webhooks`, {
    method: "POST",
    headers: request.headers,
    body: await request.text(),
    signal: AbortSignal.timeout(WIRE_TIMEOUT_MS),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * A signed GitHub push as raw HTTP/1.1: the request head (with the headers given added,
 * `Content-Length` unless `chunked`) and its body, for writing to a raw connection.
 */
export async function signedPushOnTheWire(
  extraHeaders: string[] = [],
  options: { chunked?: boolean; method?: string } = {},
): Promise<{ head: string; body: string }> {
  const request = await signedFixtureRequest(fixtureNamed("github push #0"));
  const body = await request.text();
  const lines = [`${options.method ?? "POST"} /webhooks HTTP/1.1`, "Host: 127.0.0.1"];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  lines.push(
    options.chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${Buffer.byteLength(body)}`,
  );
  lines.push(...extraHeaders);
  return { head: `${lines.join("\r\n")}\r\n\r\n`, body };
}
