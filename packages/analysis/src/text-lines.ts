/** `head` with every line that also occurs in `base` blanked (line numbers kept). */
export function addedLinesOnly(head: string, base: string | undefined): string {
  if (base === undefined) return head;
  const remaining = new Map<string, number>();
  for (const line of base.split("\n")) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  return head
    .split("\n")
    .map((line) => {
      const left = remaining.get(line) ?? 0;
      if (left === 0) return line;
      remaining.set(line, left - 1);
      return "";
    })
    .join("\n");
}

/** Lines of a text (a final newline ends the last line). */
export function lineCount(content: string): number {
  if (content.length === 0) return 0;
  let lines = 1;
  for (let index = content.indexOf("\n"); index !== -1; index = content.indexOf("\n", index + 1)) {
    lines += 1;
  }
  // A final newline ends the last line; it does not start another.
  return content.endsWith("\n") ? lines - 1 : lines;
}
