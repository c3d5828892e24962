/**
 * Slack `mrkdwn` text helpers: escaping, Markdown conversion, and cutting long text into
 * pieces that respect Slack's limits without breaking links, entities or code blocks.
 */

const ELLIPSIS = "…";

/**
 * Escapes the three characters Slack treats as control characters in `mrkdwn`
 * (`&`, `<`, `>`), so user input can never form a link, a mention or `<!channel>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Converts the Markdown of a notification body into Slack `mrkdwn`: the input is escaped
 * first, then `[label](url)` becomes a Slack link, `**bold**` / `__bold__` becomes `*bold*`,
 * `~~strike~~` becomes `~strike~`, and `# headings` become bold lines. Inline code and code
 * blocks are left as they are (Slack uses the same backticks).
 */
export function markdownToMrkdwn(markdown: string): string {
  const parts = escapeMrkdwn(markdown).split(/(```[\s\S]*?```|`[^`\n]*`)/);
  return parts.map((part, index) => (index % 2 === 1 ? part : convertInline(part))).join("");
}

function convertInline(text: string): string {
  return text
    .replace(
      /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g,
      (_match, label: string, url: string) => `<${url}|${label.replace(/\|/g, "¦")}>`,
    )
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/__([^_\n]+)__/g, "*$1*")
    .replace(/~~([^~\n]+)~~/g, "~$1~")
    .replace(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm, "*$1*");
}

/**
 * The largest index ≤ `end` at which `text` may be cut: never inside a surrogate pair, an
 * entity (`&amp;`) or a Slack link / mention (`<https://…|label>`).
 */
function safeCut(text: string, end: number): number {
  let cut = Math.min(end, text.length);
  if (cut < text.length && cut > 0) {
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  }
  const head = text.slice(0, cut);
  const openLink = head.lastIndexOf("<");
  if (openLink > head.lastIndexOf(">") && openLink > 0) cut = openLink;
  const openEntity = /&[a-z#0-9]{0,6}$/i.exec(text.slice(0, cut));
  if (openEntity && text[cut] !== undefined && cut - openEntity.index < 8) cut = openEntity.index;
  return cut;
}

/**
 * Shortens `text` to at most `max` characters, ending with `…` when something was cut.
 * Links, entities and surrogate pairs are never cut in half.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = safeCut(text, max - ELLIPSIS.length);
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

/**
 * Splits `text` into pieces of at most `max` characters, preferring paragraph breaks,
 * then line breaks, then spaces; links and entities are never split, and a code block
 * that spans two pieces is closed at the end of one and reopened in the next.
 */
export function splitText(text: string, max: number): string[] {
  const fence = "```";
  const pieces: string[] = [];
  let rest = text;
  let reopen = false;
  while (rest.length > 0) {
    const prefix: string = reopen ? fence : "";
    // Leave room for a closing fence if this piece ends inside a code block.
    const room = max - prefix.length - fence.length;
    if (prefix.length + rest.length <= max) {
      pieces.push(prefix + rest);
      break;
    }
    let cut = preferredBreak(rest, room);
    if (cut <= 0) cut = Math.max(1, safeCut(rest, room));
    let piece: string = prefix + rest.slice(0, cut).trimEnd();
    const insideCode: boolean = countOccurrences(piece, fence) % 2 === 1;
    if (insideCode) piece += fence;
    pieces.push(piece);
    rest = rest.slice(cut).replace(/^\s+/, "");
    reopen = insideCode;
  }
  return pieces;
}

function preferredBreak(text: string, room: number): number {
  const window = text.slice(0, room + 1);
  for (const separator of ["\n\n", "\n", " "]) {
    const at = window.lastIndexOf(separator);
    if (at > room / 2) return safeCut(text, at);
  }
  return 0;
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    count += 1;
  }
  return count;
}

/** Plain text for a notification fallback: Markdown links become `label (url)`, markup is dropped. */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, "$1 ($2)")
    .replace(/(\*\*|__|~~)(.+?)\1/g, "$2")
    .replace(/^#{1,6}[ \t]+/gm, "");
}
