import { afterAll, describe, it } from "vitest";
import { RawConnection, type RawResponse } from "../src/raw-connection";
import {
  BODY_TIMEOUT_MS,
  ReadmeServerHarness,
  signedPushOnTheWire,
  WIRE_TIMEOUT_MS,
} from "../src/readme-server-harness";

const harness = new ReadmeServerHarness();
afterAll(() => harness.stop());

/** How long a stalled body may hold its connection: 20 × the configured body deadline. */
const STALL_LIMIT_MS = 20 * BODY_TIMEOUT_MS;
const TEN_MIB = 10 * 1024 * 1024;

function statusProblems(
  response: RawResponse | undefined,
  expected: (status: number) => boolean,
  what: string,
): string[] {
  if (!response) return [`no answer where ${what} was expected`];
  return expected(response.status)
    ? []
    : [`answered ${response.status} where ${what} was expected: ${response.body.slice(0, 300)}`];
}

const is4xx = (status: number) => status >= 400 && status <= 499;

/** Waits for the "100 Continue" that proves the request reached the listener. */
async function continued(connection: RawConnection): Promise<boolean> {
  return connection.waitFor((c) => c.text.startsWith("HTTP/1.1 100"), WIRE_TIMEOUT_MS);
}

describe("the README's server over real HTTP: bodies", () => {
  it("a client that goes away mid-body does not bring it down", () =>
    harness.survives(async (port) => {
      const { head, body } = await signedPushOnTheWire(["Expect: 100-continue"]);
      const connection = await RawConnection.open(port);
      await connection.write(head);
      if (!(await continued(connection))) return ["the request never reached the handler"];
      await connection.write(body.slice(0, body.length >> 1));
      connection.destroy();
      return [];
    }));

  it("a client that goes away mid-body, without Expect, does not bring it down", () =>
    harness.survives(async (port) => {
      const { head, body } = await signedPushOnTheWire();
      const connection = await RawConnection.open(port);
      await connection.write(head + body.slice(0, body.length >> 1));
      // Nothing to wait for: the server sends nothing before the body is complete.
      await new Promise((resolve) => setTimeout(resolve, 100));
      connection.destroy();
      return [];
    }));

  it.each([
    ["a chunked body that never ends", true],
    ["a Content-Length body that stops short", false],
  ])(
    `%s is dropped within ${STALL_LIMIT_MS} ms (bodyTimeoutMs ${BODY_TIMEOUT_MS})`,
    (_name, chunked) =>
      harness.survives(async (port) => {
        const { head, body } = await signedPushOnTheWire(["Expect: 100-continue"], { chunked });
        const connection = await RawConnection.open(port);
        await connection.write(head);
        if (!(await continued(connection))) return ["the request never reached the handler"];
        const part = body.slice(0, 100);
        await connection.write(chunked ? `${part.length.toString(16)}\r\n${part}\r\n` : part);
        const dropped = await connection.waitFor(
          (c) => c.closed || c.responses.some((response) => response.status >= 200),
          STALL_LIMIT_MS,
        );
        const [response] = connection.responses.filter((candidate) => candidate.status >= 200);
        connection.destroy();
        if (!dropped)
          return [`the stalled body still held its connection after ${STALL_LIMIT_MS} ms`];
        return response ? statusProblems(response, is4xx, "a 4xx (408)") : [];
      }),
  );

  it.each([
    ["declared with Content-Length", false],
    ["chunked", true],
  ])("a 10 MiB body %s is refused with 413", (_name, chunked) =>
    harness.survives(async (port) => {
      const { head } = await signedPushOnTheWire([], { chunked });
      const connection = await RawConnection.open(port);
      await connection.write(
        chunked ? head : head.replace(/Content-Length: \d+/, `Content-Length: ${TEN_MIB}`),
      );
      const slice = "x".repeat(64 * 1024);
      const answered = () => connection.closed || connection.responses.some((r) => r.status >= 200);
      for (let sent = 0; sent < TEN_MIB && !answered(); sent += slice.length) {
        // A server that answered early stops reading: the write would wait for buffer room
        // that never comes, so the answer ends the wait too.
        await Promise.race([
          connection.write(chunked ? `${slice.length.toString(16)}\r\n${slice}\r\n` : slice),
          connection.waitFor(answered, WIRE_TIMEOUT_MS),
        ]);
      }
      if (chunked && !answered()) await connection.write("0\r\n\r\n");
      const [response] = await connection.waitForResponses(1, WIRE_TIMEOUT_MS);
      connection.destroy();
      return statusProblems(response, (status) => status === 413, "413");
    }),
  );

  it.each([
    ["Content-Length: abc", "Content-Length: abc"],
    ["Content-Length: -1", "Content-Length: -1"],
    ["Content-Length: 1e3", "Content-Length: 1e3"],
    ["Content-Length: 99999999999999999999", "Content-Length: 99999999999999999999"],
    ["Content-Length: 5, 6", "Content-Length: 5, 6"],
    ["two different Content-Lengths", "Content-Length: 5\r\nContent-Length: 6"],
    [
      "Content-Length with Transfer-Encoding: chunked",
      "Content-Length: 5\r\nTransfer-Encoding: chunked",
    ],
    ["Transfer-Encoding: gzip, chunked", "Transfer-Encoding: gzip, chunked"],
    ["Transfer-Encoding: identity", "Transfer-Encoding: identity"],
  ])("%s is refused with a 4xx", (_name, lengthHeaders) =>
    harness.survives(async (port) => {
      const { head, body } = await signedPushOnTheWire();
      const connection = await RawConnection.open(port);
      await connection.write(head.replace(/Content-Length: \d+/, lengthHeaders) + body);
      const [response] = await connection.waitForResponses(1, WIRE_TIMEOUT_MS);
      connection.destroy();
      return statusProblems(response, is4xx, "a 4xx");
    }),
  );

  it("a Content-Length shorter than the body is refused (the rest is no request either)", () =>
    harness.survives(async (port) => {
      const { head, body } = await signedPushOnTheWire();
      const connection = await RawConnection.open(port);
      await connection.write(head.replace(/Content-Length: \d+/, "Content-Length: 10") + body);
      const responses = await connection.waitForResponses(2, WIRE_TIMEOUT_MS);
      connection.destroy();
      return [
        ...statusProblems(responses[0], is4xx, "a 4xx for the cut body"),
        ...responses
          .slice(1)
          .flatMap((response) => statusProblems(response, is4xx, "a 4xx for the rest")),
      ];
    }));

  it("Expect: 100-continue gets 100, then the signed delivery 200", () =>
    harness.survives(async (port) => {
      const { head, body } = await signedPushOnTheWire(["Expect: 100-continue"]);
      const connection = await RawConnection.open(port);
      await connection.write(head);
      if (!(await continued(connection))) return ["no 100 Continue"];
      await connection.write(body);
      const [response] = await connection.waitForResponses(1, WIRE_TIMEOUT_MS);
      connection.destroy();
      return statusProblems(response, (status) => status === 200, "200");
    }));

  it("an Expect it cannot meet is refused with a 4xx", () =>
    harness.survives(async (port) => {
      const { head, body } = await signedPushOnTheWire(["Expect: 418-teapot"]);
      const connection = await RawConnection.open(port);
      await connection.write(head + body);
      const [response] = await connection.waitForResponses(1, WIRE_TIMEOUT_MS);
      connection.destroy();
      return statusProblems(response, is4xx, "a 4xx (417)");
    }));
});
