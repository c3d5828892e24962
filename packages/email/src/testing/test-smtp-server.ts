import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** An SMTP command stage at which {@link TestSmtpServer.failNext} can refuse. */
export type SmtpStage = "mail" | "rcpt" | "data";

/** One message the test server accepted, parsed with mailparser. */
export interface ReceivedEmail {
  /** Envelope sender. */
  envelopeFrom: string;
  /** Envelope recipients. */
  envelopeTo: string[];
  /** The Message-ID header. */
  messageId: string | undefined;
  /** Subject. */
  subject: string;
  /** The plain-text part. */
  text: string;
  /** The HTML part. */
  html: string;
  /** Every link (`href`) in the HTML part, in order. */
  links: string[];
  /** `data-action-id` of every action link in the HTML part, in order. */
  actionIds: string[];
  /** The priority mail clients show (from `X-Priority`, `Importance`, `Priority`). */
  priority: "high" | "normal" | "low";
  /** Headers, lower-cased names. */
  headers: Map<string, unknown>;
  /** `In-Reply-To`, when set. */
  inReplyTo: string | undefined;
  /** The raw MIME source. */
  raw: string;
}

/** A local SMTP peer for tests and demos. */
export interface TestSmtpServer {
  /** Host to connect to (always 127.0.0.1). */
  host: string;
  /** The ephemeral port it listens on. */
  port: number;
  /** Messages accepted so far, in order. */
  messages: ReceivedEmail[];
  /** Resolves when `count` messages have been accepted. */
  waitForMessages(count: number): Promise<ReceivedEmail[]>;
  /** Refuses the next command at `stage` with `code` (4xx temporary, 5xx permanent). */
  failNext(stage: SmtpStage, code: number, text?: string): void;
  /** Stops listening. */
  close(): Promise<void>;
}

/** Options of {@link startTestSmtpServer}. */
export interface TestSmtpServerOptions {
  /** Port to listen on (default: an ephemeral one). */
  port?: number | undefined;
}

function failure(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

function attribute(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<a\\b[^>]*\\s${name}="([^"]*)"`, "g"))].map((match) =>
    match[1]!.replaceAll("&amp;", "&"),
  );
}

/** Reads `X-Priority` (1-2 high, 4-5 low) from the header section of a raw message. */
function priorityOf(raw: string): "high" | "normal" | "low" {
  const headerSection = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const level = Number(/^X-Priority:\s*(\d)/im.exec(headerSection)?.[1] ?? 3);
  return level <= 2 ? "high" : level >= 4 ? "low" : "normal";
}

/**
 * Starts a real SMTP server (the `smtp-server` package) on 127.0.0.1 without TLS or
 * authentication that records and parses every message it accepts, and can refuse
 * commands on request to exercise retries.
 */
export async function startTestSmtpServer(
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> {
  const messages: ReceivedEmail[] = [];
  const planned: Array<{ stage: SmtpStage; code: number; text: string }> = [];
  const waiters: Array<{ count: number; resolve: (messages: ReceivedEmail[]) => void }> = [];
  const takeFailure = (stage: SmtpStage) => {
    const index = planned.findIndex((entry) => entry.stage === stage);
    return index === -1 ? undefined : planned.splice(index, 1)[0];
  };

  const server = new SMTPServer({
    authOptional: true,
    // Loopback only: a reverse DNS lookup per connection would only slow every message down.
    disableReverseLookup: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onMailFrom(_address, _session, callback) {
      const planned = takeFailure("mail");
      callback(planned ? failure(planned.code, planned.text) : null);
    },
    onRcptTo(_address, _session, callback) {
      const planned = takeFailure("rcpt");
      callback(planned ? failure(planned.code, planned.text) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const planned = takeFailure("data");
        if (planned) return callback(failure(planned.code, planned.text));
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (parsed) => {
            const html = typeof parsed.html === "string" ? parsed.html : "";
            messages.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              envelopeTo: session.envelope.rcptTo.map((address) => address.address),
              messageId: parsed.messageId,
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html,
              links: attribute(html, "href"),
              actionIds: attribute(html, "data-action-id"),
              priority: priorityOf(raw),
              headers: parsed.headers as Map<string, unknown>,
              inReplyTo: parsed.inReplyTo,
              raw,
            });
            for (const waiter of [...waiters]) {
              if (messages.length >= waiter.count) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(messages.slice());
              }
            }
            callback(null);
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: "127.0.0.1",
    port,
    messages,
    waitForMessages(count) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    failNext(stage, code, text = code >= 500 ? "Permanent failure" : "Try again later") {
      planned.push({ stage, code, text });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
