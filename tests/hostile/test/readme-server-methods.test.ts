import { afterAll, describe, it } from "vitest";
import { RawConnection } from "../src/raw-connection";
import { ReadmeServerHarness, WIRE_TIMEOUT_MS } from "../src/readme-server-harness";

const harness = new ReadmeServerHarness();
afterAll(() => harness.stop());

/** Sends `head` (a complete request head) and expects a 4xx answer. */
function refused(head: string, options: { mayJustClose?: boolean } = {}) {
  return async (port: number): Promise<string[]> => {
    const connection = await RawConnection.open(port);
    await connection.write(head);
    const [response] = await connection.waitForResponses(1, WIRE_TIMEOUT_MS);
    connection.destroy();
    if (!response) {
      if (connection.closed && options.mayJustClose) return [];
      return [
        connection.closed ? "the server closed the connection without an answer" : "no answer",
      ];
    }
    return response.status >= 400 && response.status <= 499
      ? []
      : [`answered ${response.status} instead of a 4xx: ${response.body.slice(0, 300)}`];
  };
}

const request = (method: string, target = "/") =>
  `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;

describe("the README's server over real HTTP: methods", () => {
  it("answers a signed delivery with 200 (the ground every case stands on)", () =>
    harness.survives(async () => []));

  const METHODS: [string, string][] = [
    ["GET", "/"],
    ["HEAD", "/"],
    ["PUT", "/webhooks"],
    ["DELETE", "/webhooks"],
    ["OPTIONS", "*"],
    ["PATCH", "/"],
    ["PROPFIND", "/"],
    ["TRACE", "/"],
    ["TRACK", "/"],
    ["SOURCE", "/"],
    ["QUERY", "/"],
    ["M-SEARCH", "*"],
    ["post", "/webhooks"],
    ["get", "/"],
    ["trace", "/"],
    ["FOO", "/"],
    ["X-Y_Z", "/"],
  ];
  it.each(METHODS)("%s %s is refused with a 4xx and the server survives", (method, target) =>
    harness.survives(refused(request(method, target))),
  );

  // With no "connect" listener Node closes a CONNECT tunnel request; that is a refusal too.
  it.each([["127.0.0.1:443"], ["/"]])("CONNECT %s is refused and the server survives", (target) =>
    harness.survives(refused(request("CONNECT", target), { mayJustClose: true })),
  );

  it.each([
    ["not HTTP at all", "\u0000\u0001\u0002\u00ff\r\n\r\n"],
    ["an unknown HTTP version", "POST / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"],
    ["an HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"],
    ["a method with a space", "PO ST / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"],
    ["an absolute-form target elsewhere", request("POST", "http://evil.example/")],
    ["a target without a slash", request("POST", "webhooks")],
  ])("%s is refused and the server survives", (_name, head) => harness.survives(refused(head)));
});
