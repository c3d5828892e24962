import { type AddressInfo, createServer } from "node:net";
import { ApiCallError, type Clock, ConfigurationError, ValidationError } from "@contexten/core";
import { runNotifierConformance } from "@contexten/core/testing/conformance";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmailNotifier, type EmailNotifier } from "../src/index";
import { startTestSmtpServer, type TestSmtpServer } from "../src/testing/index";

function notifierFor(smtp: TestSmtpServer, clock?: Clock): EmailNotifier {
  return createEmailNotifier({
    from: "contexten <bot@contexten.test>",
    smtp: { host: smtp.host, port: smtp.port, ignoreTLS: true },
    actionUrl: (action, handback) =>
      `https://app.contexten.test/actions?action=${action.id}&workflow=${handback.workflowId ?? ""}`,
    retryPolicy: { maxAttempts: 3, baseDelayMs: 1000, jitter: "none" },
    ...(clock ? { clock } : {}),
    env: {},
  });
}

/** A clock whose timers fire at once, recording each requested delay (no real waiting). */
function recordingClock(beforeFire?: () => Promise<void>): Clock & { delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    now: () => 1_700_000_000_000 + delays.reduce((sum, delay) => sum + delay, 0),
    setTimeout(callback, ms) {
      delays.push(ms);
      void (beforeFire ? beforeFire() : Promise.resolve()).then(callback);
      return delays.length;
    },
    clearTimeout() {},
  };
}

let conformanceSmtp: TestSmtpServer;
runNotifierConformance({
  name: "email",
  recipient: "team@example.com",
  async createNotifier() {
    conformanceSmtp = await startTestSmtpServer();
    return notifierFor(conformanceSmtp);
  },
  cleanup: () => conformanceSmtp.close(),
  async readBack(result) {
    const message = conformanceSmtp.messages.find((email) => email.messageId === result.messageId);
    if (!message) return undefined;
    return {
      recipient: message.envelopeTo.join(","),
      text: `${message.subject}\n${message.text}`,
      actionIds: message.actionIds,
    };
  },
  deliveredCount: async () => conformanceSmtp.messages.length,
});

describe("EmailNotifier over a real SMTP peer", () => {
  let smtp: TestSmtpServer;
  beforeEach(async () => {
    smtp = await startTestSmtpServer();
  });
  afterEach(() => smtp.close());

  it("sends one multipart message: text and HTML from the same content, actions as links, priority headers", async () => {
    const notifier = notifierFor(smtp);
    const result = await notifier.sendNotification("ada@example.com", {
      title: "PR #42 needs your review",
      message:
        "**Fix login** by @grace\n\n<script>alert(1)</script> and [docs](javascript:alert(1))",
      priority: "critical",
      fields: [{ label: "Repository", value: "acme/api" }],
      url: "https://github.com/acme/api/pull/42",
      actions: [
        { id: "open_diff", label: "View diff", url: "https://github.com/acme/api/pull/42/files" },
      ],
    });
    const [email] = await smtp.waitForMessages(1);
    expect(email!.envelopeTo).toEqual(["ada@example.com"]);
    expect(email!.messageId).toBe(result.messageId);
    expect(email!.subject).toBe("[Critical] PR #42 needs your review");
    expect(email!.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(email!.text).toContain("Priority: Critical");
    expect(email!.text).toContain("**Fix login** by @grace");
    expect(email!.text).toContain("Repository: acme/api");
    expect(email!.text).toContain("View diff: https://github.com/acme/api/pull/42/files");
    expect(email!.html).toContain("<strong>Fix login</strong>");
    expect(email!.html).toContain("<th");
    expect(email!.html).not.toContain("<script>");
    expect(email!.html).toContain("&lt;script&gt;");
    expect(email!.links).toEqual([
      "https://github.com/acme/api/pull/42",
      "https://github.com/acme/api/pull/42/files",
    ]);
    expect(email!.actionIds).toEqual(["open_diff"]);
    expect(email!.priority).toBe("high");
    expect(email!.raw).toMatch(/^X-Priority: 1 \(Highest\)\r?$/m);
    expect(email!.raw).toMatch(/^Importance: High\r?$/im);
    expect(email!.raw).toMatch(/^Priority: urgent\r?$/m);
  });

  it("links interactive actions to the app with the workflow id", async () => {
    const result = await notifierFor(smtp).createInteractiveNotification("ada@example.com", {
      notification: { title: "Ship v2?", message: "ready", priority: "low" },
      actions: [{ id: "ship", label: "Ship", style: "primary" }],
      workflowId: "wf-9",
    });
    const [email] = await smtp.waitForMessages(1);
    expect(result.actionIds).toEqual(["ship"]);
    expect(email!.links).toEqual(["https://app.contexten.test/actions?action=ship&workflow=wf-9"]);
    expect(email!.priority).toBe("low");
    expect(email!.raw).toMatch(/^X-Priority: 5/m);
    expect(email!.subject).toBe("Ship v2?");
  });

  it("threads messages sent with the same thread key", async () => {
    const notifier = notifierFor(smtp);
    const first = await notifier.sendNotification("ada@example.com", {
      title: "PR opened",
      message: "",
      threadKey: "group-1",
    });
    const second = await notifier.sendNotification("ada@example.com", {
      title: "PR merged",
      message: "",
      threadKey: "group-1",
    });
    const other = await notifier.sendNotification("ada@example.com", {
      title: "Other",
      message: "",
      threadKey: "group-2",
    });
    const emails = await smtp.waitForMessages(3);
    expect(first.threadId).toBe(second.threadId);
    expect(other.threadId).not.toBe(first.threadId);
    expect(emails[0]!.inReplyTo).toBe(first.threadId);
    expect(emails[1]!.inReplyTo).toBe(first.threadId);
  });

  it.each([
    ["mail", 421],
    ["rcpt", 450],
    ["data", 451],
  ] as const)(
    "retries a temporary %s refusal (%i) with backoff and delivers exactly once",
    async (stage, code) => {
      const clock = recordingClock();
      smtp.failNext(stage, code);
      smtp.failNext(stage, code);
      const result = await notifierFor(smtp, clock).sendNotification("ada@example.com", {
        title: "Retry me",
        message: "once",
      });
      expect(result.attempts).toBe(3);
      expect(clock.delays).toEqual([1000, 2000]);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.messageId).toBe(result.messageId);
    },
  );

  it("reports temporary refusals once the attempts are used up, having sent nothing", async () => {
    const clock = recordingClock();
    for (let index = 0; index < 3; index += 1)
      smtp.failNext("rcpt", 452, "Mailbox full, try later");
    const error = await notifierFor(smtp, clock)
      .sendNotification("ada@example.com", { title: "x", message: "y" })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).status).toBe(452);
    expect((error as ApiCallError).isRetryable).toBe(true);
    expect((error as ApiCallError).message).toMatch(/after 3 attempt\(s\).*Mailbox full/);
    expect(clock.delays).toHaveLength(2);
    expect(smtp.messages).toHaveLength(0);
  });

  it.each([
    ["rcpt", 550],
    ["data", 554],
  ] as const)("never retries a permanent %s refusal (%i)", async (stage, code) => {
    const clock = recordingClock();
    smtp.failNext(stage, code, "No such user");
    const error = await notifierFor(smtp, clock)
      .sendNotification("nobody@example.com", { title: "x", message: "y" })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).status).toBe(code);
    expect((error as ApiCallError).isRetryable).toBe(false);
    expect(clock.delays).toEqual([]);
    // The refusal was used; a retry would have delivered this message.
    expect(smtp.messages).toHaveLength(0);
  });

  it("retries when the server cannot be reached, and delivers once it is back", async () => {
    const port = smtp.port;
    await smtp.close();
    let restarted: TestSmtpServer | undefined;
    const clock = recordingClock(async () => {
      restarted ??= await startTestSmtpServer({ port });
    });
    const notifier = notifierFor({ ...smtp, port }, clock);
    try {
      const result = await notifier.sendNotification("ada@example.com", {
        title: "Back",
        message: "",
      });
      expect(result.attempts).toBe(2);
      expect(restarted!.messages.map((email) => email.messageId)).toEqual([result.messageId]);
    } finally {
      await restarted?.close();
      smtp = await startTestSmtpServer();
    }
  });

  it("rejects bad recipients and missing settings before connecting", async () => {
    const notifier = notifierFor(smtp);
    await expect(
      notifier.sendNotification("not-an-address", { title: "x", message: "" }),
    ).rejects.toSatisfy((error: unknown) => ValidationError.isInstance(error));
    const noActionUrl = createEmailNotifier({
      from: "bot@contexten.test",
      smtp: { host: smtp.host, port: smtp.port },
      env: {},
    });
    await expect(
      noActionUrl.createInteractiveNotification("ada@example.com", {
        notification: { title: "x", message: "" },
        actions: [{ id: "ok", label: "OK", style: "default" }],
      }),
    ).rejects.toSatisfy(
      (error: unknown) => ConfigurationError.isInstance(error) && /actionUrl/.test(String(error)),
    );
    expect(() => createEmailNotifier({ smtp: { host: "127.0.0.1" }, env: {} })).toThrow(
      /EMAIL_FROM/,
    );
    expect(() => createEmailNotifier({ from: "a@b.test", env: {} })).toThrow(/SMTP_HOST/);
    expect(smtp.messages).toHaveLength(0);
  });

  it("reads the server and sender from SMTP_* and EMAIL_FROM", async () => {
    const notifier = createEmailNotifier({
      env: { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), EMAIL_FROM: "env@contexten.test" },
      smtp: { ignoreTLS: true },
    });
    await notifier.sendNotification("ada@example.com", { title: "From env", message: "" });
    expect(smtp.messages[0]!.envelopeFrom).toBe("env@contexten.test");
  });
});

describe("EmailNotifier when the connection drops after the message was sent", () => {
  it("reports the failure and does not resend: the server may already have queued it", async () => {
    // A minimal SMTP peer that takes the whole message, then hangs up instead of replying 250.
    let received = 0;
    const server = createServer((socket) => {
      let inData = false;
      let buffer = "";
      socket.write("220 flaky.test ESMTP\r\n");
      socket.on("data", (chunk) => {
        buffer += chunk.toString("utf8");
        if (inData) {
          if (buffer.includes("\r\n.\r\n")) {
            received += 1;
            socket.destroy();
          }
          return;
        }
        let newline = buffer.indexOf("\r\n");
        while (newline !== -1 && !inData) {
          const line = buffer.slice(0, newline).toUpperCase();
          buffer = buffer.slice(newline + 2);
          if (line.startsWith("EHLO")) socket.write("250 flaky.test\r\n");
          else if (line.startsWith("DATA")) {
            inData = true;
            socket.write("354 go ahead\r\n");
          } else socket.write("250 OK\r\n");
          newline = buffer.indexOf("\r\n");
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const clock = recordingClock();
      const error = await createEmailNotifier({
        from: "bot@contexten.test",
        smtp: { host: "127.0.0.1", port, ignoreTLS: true },
        retryPolicy: { maxAttempts: 3, baseDelayMs: 1000, jitter: "none" },
        clock,
        env: {},
      })
        .sendNotification("ada@example.com", { title: "Once", message: "only once" })
        .catch((caught: unknown) => caught);
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect((error as ApiCallError).isRetryable).toBe(false);
      expect((error as ApiCallError).message).toMatch(/not resent/);
      expect(clock.delays).toEqual([]);
      expect(received).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
