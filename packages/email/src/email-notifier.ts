import { createHash, randomUUID } from "node:crypto";
import {
  type Clock,
  ConfigurationError,
  type InteractiveNotificationRequest,
  type InteractiveNotificationResult,
  type NotificationAction,
  type NotificationResult,
  type Notifier,
  type RetryPolicy,
  systemClock,
  type UnifiedNotification,
  type UnifiedNotificationInput,
  ValidationError,
} from "@contexten/core";
import { decideRetry, parseWithSchema, resolveRetryPolicy, sleep } from "@contexten/core/adapter";
import { notificationActionSchema, unifiedNotificationSchema } from "@contexten/core/schemas";
import { z } from "zod";
import type {
  EmailMessage,
  EmailNotifierOptions,
  EmailSendInfo,
  EmailTransport,
} from "./email-notifier-options";
import { type EmailActionLink, renderEmail } from "./message/email-content";
import { classifySmtpFailure } from "./smtp/smtp-failure";
import { createSmtpTransport, describeSmtpServer } from "./smtp/smtp-transport";

/** A notification with email extras. */
export interface EmailNotification extends UnifiedNotificationInput {
  /**
   * Threads this message with every other message sent with the same key (a correlation
   * group, a PR key): mail clients show them as one conversation.
   */
  threadKey?: string | undefined;
}

/** Where an email went: the `NotificationResult` plus what the server answered. */
export interface EmailResult extends NotificationResult {
  /** Attempts it took (retries of temporary failures included). */
  attempts: number;
  /** The server's final reply, e.g. `250 OK: queued as …`. */
  response: string | undefined;
}

const addressSchema = z.string().email();

/**
 * Sends notifications as email (core's `Notifier` contract) over SMTP with nodemailer:
 * each `UnifiedNotification` becomes one multipart message whose plain-text and HTML parts
 * come from the same content, with actions as links and the priority in the subject and
 * headers. Temporary refusals (4xx replies, a server that cannot be reached) are retried
 * with core's backoff under the same Message-ID; permanent refusals (5xx) throw at once.
 * A connection lost mid-transaction is reported, not resent, so nothing arrives twice.
 */
export class EmailNotifier implements Notifier {
  /** Platform id. */
  readonly platform = "email";
  readonly #from: string;
  readonly #transport: EmailTransport;
  readonly #server: string;
  readonly #policy: RetryPolicy;
  readonly #clock: Clock;
  readonly #random: (() => number) | undefined;
  readonly #options: EmailNotifierOptions;
  readonly #domain: string;

  constructor(options: EmailNotifierOptions = {}) {
    const env = options.env ?? process.env;
    const from = options.from ?? env.EMAIL_FROM;
    if (!from) {
      throw new ConfigurationError({
        platform: "email",
        message: 'No sender address: set EMAIL_FROM or pass from ("contexten <bot@example.com>").',
      });
    }
    this.#from = from;
    this.#options = options;
    this.#transport = options.transport ?? createSmtpTransport(options.smtp, env);
    this.#server = options.transport
      ? "smtp://custom-transport"
      : describeSmtpServer(options.smtp, env);
    this.#policy = resolveRetryPolicy(options.retryPolicy);
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random;
    this.#domain = options.messageIdDomain ?? /@([^>\s]+)/.exec(from)?.[1] ?? "contexten.local";
  }

  /** Sends a notification to an email address. */
  sendNotification(
    recipient: string,
    notification: EmailNotification | UnifiedNotification | UnifiedNotificationInput,
  ): Promise<EmailResult> {
    return this.#send(recipient, notification, [], {});
  }

  /**
   * Sends a notification whose actions are links: an action's own `url`, else the link
   * built by the `actionUrl` option from the action, the workflow id and the context.
   */
  async createInteractiveNotification(
    recipient: string,
    request: InteractiveNotificationRequest,
  ): Promise<InteractiveNotificationResult & EmailResult> {
    const actions = request.actions.map((action, index) =>
      parseWithSchema(notificationActionSchema, action, `actions.${index}`),
    );
    const result = await this.#send(recipient, request.notification, actions, {
      workflowId: request.workflowId,
      context: request.context,
    });
    const actionIds = [...(request.notification.actions ?? []), ...actions].map(
      (action) => action.id,
    );
    return {
      ...result,
      actionIds,
      ...(request.workflowId ? { workflowId: request.workflowId } : {}),
    };
  }

  /** Closes the transport's pooled connections, if any. */
  close(): void {
    this.#transport.close?.();
  }

  async #send(
    recipient: string,
    input: EmailNotification | UnifiedNotification,
    extraActions: NotificationAction[],
    handback: { workflowId?: string | undefined; context?: Record<string, unknown> | undefined },
  ): Promise<EmailResult> {
    const { threadKey, ...rest } = input as EmailNotification;
    const notification = parseWithSchema(unifiedNotificationSchema, rest, "UnifiedNotification");
    const to = addressSchema.safeParse(recipient);
    if (!to.success) {
      throw new ValidationError({
        message: `"${recipient}" is not an email address: pass a recipient like ada@example.com.`,
        issues: [{ path: "recipient", message: "expected an email address" }],
      });
    }
    const links = [...notification.actions, ...extraActions].map((action) =>
      this.#linkFor(action, handback),
    );
    const content = renderEmail(notification, links, this.#options.subjectPrefix);
    const thread = threadKey === undefined ? undefined : this.#threadId(threadKey);
    const message: EmailMessage = {
      from: this.#from,
      to: to.data,
      subject: content.subject,
      text: content.text,
      html: content.html,
      // One id for every attempt: a receiver that did get a retried message can drop it.
      messageId: `<${randomUUID()}@${this.#domain}>`,
      priority: content.priority,
      headers: content.headers,
      ...(thread ? { inReplyTo: thread, references: [thread] } : {}),
    };
    const { info, attempts } = await this.#deliver(message);
    return {
      platform: this.platform,
      recipient: to.data,
      messageId: info.messageId || message.messageId,
      threadId: thread ?? message.messageId,
      sentAt: new Date(this.#clock.now()),
      attempts,
      response: info.response,
    };
  }

  async #deliver(message: EmailMessage): Promise<{ info: EmailSendInfo; attempts: number }> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const info = await this.#transport.sendMail(message);
        return { info, attempts: attempt };
      } catch (caught) {
        const failure = classifySmtpFailure(caught, this.#server, attempt);
        if (!failure.retry) throw failure.error;
        const decision = decideRetry(failure.retry, {
          attempt,
          policy: this.#policy,
          idempotent: false,
          ...(this.#random ? { random: this.#random } : {}),
        });
        if (!decision.retry) throw failure.error;
        await sleep(decision.delayMs, { clock: this.#clock });
      }
    }
  }

  #linkFor(
    action: NotificationAction,
    handback: { workflowId?: string | undefined; context?: Record<string, unknown> | undefined },
  ): EmailActionLink {
    const href = action.url ?? this.#options.actionUrl?.(action, handback);
    if (!href) {
      throw new ConfigurationError({
        platform: "email",
        message: `Action "${action.id}" has no url: give it one, or pass actionUrl to createEmailNotifier to link actions to your app.`,
      });
    }
    return { id: action.id, label: action.label, href, style: action.style };
  }

  #threadId(key: string): string {
    const digest = createHash("sha256").update(key).digest("hex").slice(0, 32);
    return `<thread.${digest}@${this.#domain}>`;
  }
}

/** Creates an {@link EmailNotifier}. */
export function createEmailNotifier(options: EmailNotifierOptions = {}): EmailNotifier {
  return new EmailNotifier(options);
}
