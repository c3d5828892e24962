import { Marked } from "marked";

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

// Notification text often quotes what people typed (PR titles, comments): raw HTML in it is
// shown as text, and only http(s)/mailto links become anchors, so a message cannot inject
// markup or script links into the email.
const markdown = new Marked({ gfm: true, breaks: true, async: false }).use({
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, tokens }) {
      if (!SAFE_LINK.test(href)) return this.parser.parseInline(tokens);
      return false;
    },
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

/** Renders a notification's Markdown body as HTML, with raw HTML escaped. */
export function markdownToHtml(text: string): string {
  return markdown.parse(text, { async: false });
}

/** Whether `url` may be used as a link in an email. */
export function isSafeLink(url: string): boolean {
  return SAFE_LINK.test(url);
}
