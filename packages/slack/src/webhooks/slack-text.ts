import type { EventRef } from "@contexten/core";
import { extractReferences, mergeReferences } from "@contexten/core/adapter";
import type { SlackEvent } from "./slack-payloads";

/**
 * A Slack entity, `<…>`. Linear: the body cannot hold `<`, so the bodies tried from
 * different `<` never overlap.
 */
export const SLACK_ENTITY_PATTERN = /<([^<>\n]*)>/g;
const HTTP_URL = /^https?:\/\//i;

/**
 * Turns Slack's message format into plain text for reading references: links
 * `<https://…|label>` become `https://… label` (the URL first, so a closing word before the
 * link applies to it), `<https://…>` the URL, user and channel mentions `@U123` / `#general`,
 * special mentions `@here`, and `&amp;`, `&lt;`, `&gt;` are unescaped.
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(SLACK_ENTITY_PATTERN, (_match, inner: string) => {
      const bar = inner.indexOf("|");
      const target = bar === -1 ? inner : inner.slice(0, bar);
      const label = bar === -1 ? undefined : inner.slice(bar + 1);
      if (target.startsWith("@")) return `@${label ?? target.slice(1)}`;
      if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
      if (target.startsWith("!")) return `@${label ?? target.slice(1).split("^")[0]}`;
      if (target.startsWith("mailto:")) return label ?? target.slice("mailto:".length);
      if (HTTP_URL.test(target)) {
        return label && label !== target ? `${target} ${label}` : target;
      }
      return label ?? target;
    })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Every reference a message makes: in its text (Slack links unwrapped first) and in its
 * attachments (link targets, titles, unfurled URLs), each key once with its strongest
 * evidence, via core's `extractReferences`.
 */
export function messageReferences(message: SlackEvent, field = "text"): EventRef[] {
  const lists: EventRef[][] = [];
  if (message.text) lists.push(extractReferences(slackTextToPlain(message.text), { field }));
  for (const [index, attachment] of (message.attachments ?? []).entries()) {
    const prefix = `attachments[${index}]`;
    for (const key of ["title_link", "from_url", "title", "text"] as const) {
      const value = attachment[key];
      if (typeof value === "string" && value.trim()) {
        lists.push(extractReferences(slackTextToPlain(value), { field: `${prefix}.${key}` }));
      }
    }
  }
  return mergeReferences(...lists);
}

/** First line of a message as plain text, at most 200 characters, for an event's title. */
export function messageTitle(text: string | undefined): string | undefined {
  const line = slackTextToPlain(text ?? "")
    .split("\n")
    .find((candidate) => candidate.trim())
    ?.trim();
  if (!line) return undefined;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
