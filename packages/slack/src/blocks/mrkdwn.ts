/**
 * Slack `mrkdwn` text helpers: escaping, Markdown conversion, and cutting long text into
 * pieces that respect Slack's limits without breaking links, entities or code blocks.
 */

const ELLIPSIS = "…";

/**
 * A Markdown link `[label](https://…)`. Linear on any input: the label cannot hold `[`, so
 * label runs from different `[` never overlap; the URL stops at whitespace or a
 * parenthesis, allowing one balanced `(…)` pair (`…/wiki/Go_(language)`), so URL runs from
 * different links never overlap either.
 */
export const MARKDOWN_LINK_PATTERN = /\[([^[\]\n]+)\]\((https?:\/\/(?:[^\s()]|\([^\s()]*\))+)\)/g;
/** A heading line: 1–6 `#`, a space or tab, the rest of the line (trimmed in code, not here). */
export const HEADING_PATTERN = /^#{1,6}[ \t](.*)$/gm;
/** An entity left open at the end of a piece of text (`&am`), at most 7 characters. */
const OPEN_ENTITY = /&[a-z#0-9]{0,6}$/i;

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
      MARKDOWN_LINK_PATTERN,
      (_match, label: string, url: string) => `<${url}|${label.replace(/\|/g, "¦")}>`,
    )
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/__([^_\n]+)__/g, "*$1*")
    .replace(/~~([^~\n]+)~~/g, "~$1~")
    .replace(HEADING_PATTERN, (line: string, rest: string) => {
      const title = headingTitle(rest);
      return title === undefined ? line : `*${title}*`;
    });
}

/**
 * The title of a heading line from what follows its first space or tab: leading spaces and
 * tabs dropped, then a closing run of spaces, tabs and `#` (`## Title ##`). Read by walking
 * the ends of the line once, where one pattern with a lazy title and an optional closing
 * run would try every split of a long run of spaces. `undefined` for `#` and one space or
 * tab alone, which is not a heading.
 */
function headingTitle(rest: string): string | undefined {
  let start = 0;
  while (start < rest.length && isSpaceOrTab(rest.charCodeAt(start))) start += 1;
  if (start === rest.length) {
    // Only spaces or tabs: the last one is the title, as Markdown renders such a line.
    return rest.length > 0 ? rest[rest.length - 1] : undefined;
  }
  let end = rest.length;
  while (end > start && rest.charCodeAt(end - 1) === 0x23) end -= 1;
  while (end > start && isSpaceOrTab(rest.charCodeAt(end - 1))) end -= 1;
  // A title made only of `#` keeps its first character.
  return end > start ? rest.slice(start, end) : rest[start];
}

function isSpaceOrTab(code: number): boolean {
  return code === 0x20 || code === 0x09;
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
  // An open entity is at most 7 characters long: look at the last 7 only, not the whole head.
  const from = Math.max(0, cut - 7);
  const openEntity = OPEN_ENTITY.exec(text.slice(from, cut));
  if (openEntity && text[cut] !== undefined) cut = from + openEntity.index;
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
    .replace(MARKDOWN_LINK_PATTERN, "$1 ($2)")
    .replace(/(\*\*|__|~~)(.+?)\1/g, "$2")
    .replace(/^#{1,6}[ \t]+/gm, "");
}
