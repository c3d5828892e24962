import { ConfigurationError } from "@contexten/core";
import nodemailer from "nodemailer";
import type { EmailTransport, SmtpOptions } from "../email-notifier-options";

function resolve(smtp: SmtpOptions | undefined, env: Record<string, string | undefined>) {
  const host = smtp?.host ?? env.SMTP_HOST;
  if (!host) {
    throw new ConfigurationError({
      platform: "email",
      message: "No SMTP server: set SMTP_HOST (and SMTP_PORT) or pass smtp.host.",
    });
  }
  const secure = smtp?.secure ?? false;
  const port = smtp?.port ?? (env.SMTP_PORT ? Number(env.SMTP_PORT) : secure ? 465 : 587);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new ConfigurationError({
      platform: "email",
      message: `SMTP port "${env.SMTP_PORT ?? smtp?.port}" is not a port number: set SMTP_PORT or smtp.port to 1-65535.`,
    });
  }
  const user = smtp?.auth?.user ?? env.SMTP_USER;
  const pass = smtp?.auth?.pass ?? env.SMTP_PASSWORD;
  return { host, port, secure, auth: user && pass ? { user, pass } : undefined };
}

/** `smtp://host:port` (or `smtps://`) for error messages. */
export function describeSmtpServer(
  smtp: SmtpOptions | undefined,
  env: Record<string, string | undefined>,
): string {
  const { host, port, secure } = resolve(smtp, env);
  return `${secure ? "smtps" : "smtp"}://${host}:${port}`;
}

/** A nodemailer SMTP transport from {@link SmtpOptions} and `SMTP_*` variables. */
export function createSmtpTransport(
  smtp: SmtpOptions | undefined,
  env: Record<string, string | undefined>,
): EmailTransport {
  const { host, port, secure, auth } = resolve(smtp, env);
  const tls = smtp?.tls;
  return nodemailer.createTransport({
    host,
    port,
    secure,
    requireTLS: smtp?.requireTLS ?? false,
    ignoreTLS: smtp?.ignoreTLS ?? false,
    ...(auth ? { auth } : {}),
    ...(tls
      ? {
          tls: {
            ...(tls.rejectUnauthorized === undefined
              ? {}
              : { rejectUnauthorized: tls.rejectUnauthorized }),
            ...(tls.ca === undefined ? {} : { ca: tls.ca }),
            ...(tls.servername === undefined ? {} : { servername: tls.servername }),
            ...(tls.minVersion === undefined ? {} : { minVersion: tls.minVersion }),
          },
        }
      : {}),
    connectionTimeout: smtp?.connectionTimeoutMs ?? 10_000,
    greetingTimeout: smtp?.connectionTimeoutMs ?? 10_000,
    socketTimeout: smtp?.socketTimeoutMs ?? 30_000,
  }) as unknown as EmailTransport;
}
