/**
 * The first line of a text that holds more than whitespace, trimmed and at most
 * `maxLength` characters (a longer line ends in `…`), for an event's subject title.
 * `undefined` for a text without such a line and for anything that is not a string.
 */
export function firstLine(text: unknown, maxLength = 200): string | undefined {
  if (typeof text !== "string") return undefined;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).trim();
    if (line !== "") return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
    start = end + 1;
  }
  return undefined;
}
