import type { Clock, NotificationAction, RetryPolicyInput } from "@contexten/core";

/** TLS settings for the SMTP connection (passed to Node's `tls.connect`). */
export interface EmailTlsOptions {
  /** Refuse servers whose certificate does not verify (default true). */
  rejectUnauthorized?: boolean | undefined;
  /** Extra trusted CA certificates (PEM). */
  ca?: string | string[] | undefined;
  /** Server name for SNI and certificate checks, when it differs from `host`. */
  servername?: string | undefined;
  /** Lowest TLS version accepted, e.g. `"TLSv1.2"`. */
  minVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3" | undefined;
}

/** Where and how to connect. */
export interface SmtpOptions {
  /** Server host name (env `SMTP_HOST`). */
  host?: string | undefined;
  /** Port (env `SMTP_PORT`; default 587, or 465 when `secure`). */
  port?: number | undefined;
  /** Connect with TLS from the start (port 465); otherwise STARTTLS is used when offered. */
  secure?: boolean | undefined;
  /** Fail unless the server upgrades with STARTTLS (never send in the clear). */
  requireTLS?: boolean | undefined;
  /** Never use STARTTLS, even when offered (local test servers only). */
  ignoreTLS?: boolean | undefined;
  /** TLS settings. */
  tls?: EmailTlsOptions | undefined;
  /** Credentials (env `SMTP_USER`, `SMTP_PASSWORD`). */
  auth?: { user: string; pass: string } | undefined;
  /** Milliseconds to wait for the connection (default 10 s). */
  connectionTimeoutMs?: number | undefined;
  /** Milliseconds of silence after which the session fails (default 30 s). */
  socketTimeoutMs?: number | undefined;
}

/** What {@link EmailNotifier} hands to the transport: nodemailer's message fields. */
export interface EmailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  priority: "high" | "normal" | "low";
  headers: Record<string, string>;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
}

/** What the transport reports for an accepted message. */
export interface EmailSendInfo {
  /** The Message-ID. */
  messageId: string;
  /** Addresses the server accepted. */
  accepted: Array<string | { address: string }>;
  /** Addresses the server refused. */
  rejected: Array<string | { address: string }>;
  /** The server's last reply. */
  response?: string | undefined;
}

/** A mail transport: a nodemailer `Transporter` fits. */
export interface EmailTransport {
  /** Sends one message; rejects with nodemailer's error on failure. */
  sendMail(message: EmailMessage): Promise<EmailSendInfo>;
  /** Closes pooled connections. */
  close?(): void;
}

/** Options of {@link createEmailNotifier}. */
export interface EmailNotifierOptions {
  /** Sender, e.g. `"contexten <bot@example.com>"` (env `EMAIL_FROM`). */
  from?: string | undefined;
  /** SMTP server; ignored when `transport` is given. */
  smtp?: SmtpOptions | undefined;
  /** A ready transport (a nodemailer `Transporter`), instead of `smtp`. */
  transport?: EmailTransport | undefined;
  /**
   * Builds the link for an action without its own `url` (interactive notifications):
   * typically a page of your app that records the choice. Required to send such actions.
   */
  actionUrl?:
    | ((
        action: NotificationAction,
        handback: {
          workflowId?: string | undefined;
          context?: Record<string, unknown> | undefined;
        },
      ) => string)
    | undefined;
  /** Text put before every subject, e.g. `"[contexten]"`. */
  subjectPrefix?: string | undefined;
  /** Domain of generated Message-IDs (default: the sender's domain). */
  messageIdDomain?: string | undefined;
  /** Retries of temporary failures (default 3 attempts, 1 s base delay). */
  retryPolicy?: RetryPolicyInput | undefined;
  /** Clock for retry delays (tests pass a fake one). */
  clock?: Clock | undefined;
  /** Random source for backoff jitter, in [0, 1). */
  random?: (() => number) | undefined;
  /** Environment to read `SMTP_*` and `EMAIL_FROM` from (default `process.env`). */
  env?: Record<string, string | undefined> | undefined;
}
