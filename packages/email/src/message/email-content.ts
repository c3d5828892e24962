import type {
  NotificationAction,
  NotificationPriority,
  UnifiedNotification,
} from "@contexten/core";
import { escapeHtml, isSafeLink, markdownToHtml } from "./markdown-html";

/** An action as it appears in the email: a label and the link it opens. */
export interface EmailActionLink {
  /** The action's id. */
  id: string;
  /** Link text. */
  label: string;
  /** Where the link goes. */
  href: string;
  /** Visual emphasis. */
  style: NotificationAction["style"];
}

/** The parts of an email rendered from one notification. */
export interface EmailContent {
  /** Subject line. */
  subject: string;
  /** Plain-text part. */
  text: string;
  /** HTML part. */
  html: string;
  /** nodemailer's priority (sets `X-Priority`, `X-MSMail-Priority` and `Importance`). */
  priority: "high" | "normal" | "low";
  /** Extra headers. */
  headers: Record<string, string>;
}

const PRIORITY_LABEL: Record<NotificationPriority, string> = {
  critical: "Critical",
  high: "High",
  normal: "Normal",
  low: "Low",
};

const PRIORITY_COLOR: Record<NotificationPriority, string> = {
  critical: "#b42318",
  high: "#c4320a",
  normal: "#344054",
  low: "#667085",
};

const BUTTON_COLOR: Record<NotificationAction["style"], string> = {
  default: "#344054",
  primary: "#1570ef",
  danger: "#d92d20",
};

/**
 * Renders a notification as an email: the plain-text part and the HTML part come from the
 * same content (title, priority, Markdown message, fields, main link, actions as links),
 * and the priority also goes into the headers mail clients read.
 */
export function renderEmail(
  notification: UnifiedNotification,
  actions: readonly EmailActionLink[],
  subjectPrefix: string | undefined,
): EmailContent {
  const label = PRIORITY_LABEL[notification.priority];
  const flagged = notification.priority === "critical" || notification.priority === "high";
  const subject = `${subjectPrefix ? `${subjectPrefix} ` : ""}${flagged ? `[${label}] ` : ""}${notification.title}`;

  const text = [
    notification.title,
    `Priority: ${label}`,
    "",
    notification.message,
    ...(notification.fields.length > 0
      ? ["", ...notification.fields.map((field) => `${field.label}: ${field.value}`)]
      : []),
    ...(notification.url ? ["", `Open: ${notification.url}`] : []),
    ...(actions.length > 0
      ? ["", ...actions.map((action) => `${action.label}: ${action.href}`)]
      : []),
  ].join("\n");

  const fieldRows = notification.fields
    .map(
      (field) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(field.label)}</th><td>${escapeHtml(field.value)}</td></tr>`,
    )
    .join("");
  const buttons = actions
    .map(
      (action) =>
        `<a href="${escapeHtml(action.href)}" data-action-id="${escapeHtml(action.id)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;border-radius:6px;color:#fff;background:${BUTTON_COLOR[action.style]};text-decoration:none">${escapeHtml(action.label)}</a>`,
    )
    .join("");
  const html = [
    '<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#101828">',
    `<h2 style="margin:0 0 4px">${escapeHtml(notification.title)}</h2>`,
    `<p style="margin:0 0 12px;color:${PRIORITY_COLOR[notification.priority]}">Priority: ${label}</p>`,
    `<div>${markdownToHtml(notification.message)}</div>`,
    fieldRows ? `<table style="margin:12px 0">${fieldRows}</table>` : "",
    notification.url && isSafeLink(notification.url)
      ? `<p><a href="${escapeHtml(notification.url)}">Open</a></p>`
      : "",
    buttons ? `<p>${buttons}</p>` : "",
    "</body></html>",
  ].join("");

  return {
    subject,
    text,
    html,
    priority: flagged ? "high" : notification.priority === "low" ? "low" : "normal",
    headers: flagged ? { Priority: "urgent" } : {},
  };
}
