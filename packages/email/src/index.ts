/**
 * `@contexten/email`: contexten notifications as email over SMTP (nodemailer).
 *
 * @packageDocumentation
 */

export {
  createEmailNotifier,
  type EmailNotification,
  EmailNotifier,
  type EmailResult,
} from "./email-notifier";
export type {
  EmailMessage,
  EmailNotifierOptions,
  EmailSendInfo,
  EmailTlsOptions,
  EmailTransport,
  SmtpOptions,
} from "./email-notifier-options";
export { type EmailActionLink, type EmailContent, renderEmail } from "./message/email-content";
