import { ApiCallError } from "@contexten/core";
import type { RetryableFailure } from "@contexten/core/adapter";

/** The fields nodemailer puts on the errors it raises. */
interface NodemailerError {
  message?: string;
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  syscall?: string;
}

/**
 * Failures that happen before the server could have taken a message: the connection was
 * never established (refused, unreachable, no such host) or the server never greeted.
 * nodemailer reports every lost connection with command `CONN`, so the stage alone
 * cannot tell these apart from a connection lost after the message was sent.
 */
const NEVER_CONNECTED = /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EADDRNOTAVAIL/;
const NO_GREETING = new Set(["Greeting never received", "Connection timeout"]);

function neverStarted(error: NodemailerError): boolean {
  if (error.code === "EDNS") return true;
  if (error.syscall === "connect") return true;
  if (error.message && NEVER_CONNECTED.test(error.message)) return true;
  return error.code === "ETIMEDOUT" && NO_GREETING.has(error.message ?? "");
}

/** How one failed SMTP attempt is treated. */
export interface SmtpFailure {
  /** Whether another attempt may deliver it without delivering it twice. */
  retry: RetryableFailure | undefined;
  /** The error to report when no retry follows. */
  error: ApiCallError;
}

/**
 * Reads a nodemailer error. A 4xx reply is a temporary refusal (the server took nothing), so
 * it is retried; a 5xx reply is permanent and never retried. Without a reply, a failure to
 * connect or to be greeted is retried (the message never left), while any other lost
 * connection is not: the server may already have queued the message, and sending it again
 * could deliver it twice.
 */
export function classifySmtpFailure(caught: unknown, url: string, attempts: number): SmtpFailure {
  const error = (typeof caught === "object" && caught !== null ? caught : {}) as NodemailerError;
  const status = typeof error.responseCode === "number" ? error.responseCode : undefined;
  const temporary = status !== undefined && status >= 400 && status < 500;
  const notStarted = status === undefined && neverStarted(error);
  const retryable = temporary || notStarted;
  const reply = error.response ? `: ${error.response}` : "";
  const described =
    status === undefined
      ? `${error.code ?? "error"} during ${error.command ?? "the SMTP session"} (${error.message ?? String(caught)})`
      : `${status} at ${error.command ?? "SMTP"}${reply}`;
  const advice = retryable
    ? "the server refused for now; try again later"
    : status !== undefined
      ? "the server refused permanently; check the recipient and the sender settings"
      : "the connection was lost during the session, so it was not resent (it may have been delivered)";
  return {
    retry: retryable ? { outcome: "retryable", executed: false } : undefined,
    error: new ApiCallError({
      platform: "email",
      url,
      method: "SMTP",
      status,
      body: error.response,
      platformCode: error.code,
      isRetryable: retryable,
      cause: caught,
      message: `Email not sent after ${attempts} attempt(s): ${described}; ${advice}.`,
    }),
  };
}
