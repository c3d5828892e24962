import { afterAll, describe, it } from "vitest";
import { RawConnection } from "../src/raw-connection";
import {
  deliverSigned,
  ReadmeServerHarness,
  signedPushOnTheWire,
  WIRE_TIMEOUT_MS,
} from "../src/readme-server-harness";

const harness = new ReadmeServerHarness();
afterAll(() => harness.stop());

const GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
const TRACE = "TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

describe("the README's server over real HTTP: connections", () => {
  it("header tricklers (slowloris) do not keep it from answering others", () =>
    harness.survives(async (port) => {
      const tricklers = await Promise.all(
        Array.from({ length: 20 }, () => RawConnection.open(port)),
      );
      await Promise.all(
        tricklers.map((c) => c.write("POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\n")),
      );
      let trickling = true;
      const trickle = (async () => {
        for (let round = 0; trickling && round < 100; round += 1) {
          await Promise.all(tricklers.map((c) => c.write(round % 2 === 0 ? "X" : "-")));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const answer = await deliverSigned(port).catch((error: Error) => error);
      trickling = false;
      await trickle;
      for (const c of tricklers) c.destroy();
      if (answer instanceof Error)
        return [`a signed delivery during the trickle failed: ${answer.message}`];
      return answer.status === 200
        ? []
        : [`a signed delivery during the trickle got ${answer.status}`];
    }));

  it("pipelined requests are answered in order: 200, 405, 200", () =>
    harness.survives(async (port) => {
      const first = await signedPushOnTheWire();
      const second = await signedPushOnTheWire();
      const connection = await RawConnection.open(port);
      await connection.write(first.head + first.body + GET + second.head + second.body);
      const responses = await connection.waitForResponses(3, WIRE_TIMEOUT_MS);
      connection.destroy();
      const statuses = responses.map((response) => response.status).join(", ");
      return statuses === "200, 405, 200" ? [] : [`pipelined answers were [${statuses}]`];
    }));

  it("a TRACE between pipelined deliveries is refused, and the deliveries around it answered", () =>
    harness.survives(async (port) => {
      const first = await signedPushOnTheWire();
      const second = await signedPushOnTheWire();
      const connection = await RawConnection.open(port);
      await connection.write(first.head + first.body + TRACE + second.head + second.body);
      const responses = await connection.waitForResponses(3, WIRE_TIMEOUT_MS);
      connection.destroy();
      const [a, b, c] = responses.map((response) => response.status);
      const ok =
        a === 200 && b !== undefined && b >= 400 && b <= 499 && (c === undefined || c === 200);
      return ok ? [] : [`pipelined answers were [${responses.map((r) => r.status).join(", ")}]`];
    }));

  // Node answers a connection's garbage with 400 and closes it at once, so an answer still
  // being computed for the delivery before it may be lost; the platform's retry covers it.
  it("garbage after a pipelined delivery is refused with 400", () =>
    harness.survives(async (port) => {
      const { head, body } = await signedPushOnTheWire();
      const connection = await RawConnection.open(port);
      await connection.write(`${head}${body}\u0000\u0001 nonsense\r\n\r\n`);
      const responses = await connection.waitForResponses(2, WIRE_TIMEOUT_MS);
      connection.destroy();
      const statuses = responses.map((response) => response.status).join(", ");
      return statuses === "200, 400" || statuses === "400"
        ? []
        : [`pipelined answers were [${statuses}]`];
    }));

  it("a 64 KiB header is refused with a 4xx (431)", () =>
    harness.survives(async (port) => {
      const { head, body } = await signedPushOnTheWire([`X-Padding: ${"x".repeat(64 * 1024)}`]);
      const connection = await RawConnection.open(port);
      await connection.write(head + body);
      const [response] = await connection.waitForResponses(1, WIRE_TIMEOUT_MS);
      connection.destroy();
      if (!response) return ["no answer"];
      return response.status >= 400 && response.status <= 499
        ? []
        : [`answered ${response.status}`];
    }));

  it("200 idle connections do not keep it from answering others", () =>
    harness.survives(async (port) => {
      const idle = await Promise.all(Array.from({ length: 200 }, () => RawConnection.open(port)));
      const answer = await deliverSigned(port).catch((error: Error) => error);
      for (const c of idle) c.destroy();
      if (answer instanceof Error) return [`a signed delivery failed: ${answer.message}`];
      return answer.status === 200 ? [] : [`a signed delivery got ${answer.status}`];
    }));
});
