/**
 * `@contexten/email/testing`: a real local SMTP peer for tests and demos. No test runner
 * needed.
 *
 * @packageDocumentation
 */

export {
  type ReceivedEmail,
  type SmtpStage,
  startTestSmtpServer,
  type TestSmtpServer,
  type TestSmtpServerOptions,
} from "./test-smtp-server";
