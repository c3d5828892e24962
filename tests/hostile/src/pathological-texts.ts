import { Labeled } from "./labeled";

/** Size of each pathological text: 64 KiB, far below the 5 MiB body limit. */
export const PATHOLOGICAL_TEXT_LENGTH = 64 * 1024;

const N = PATHOLOGICAL_TEXT_LENGTH;

function fill(head: string, unit: string, tail = ""): string {
  const room = N - head.length - tail.length;
  return head + unit.repeat(Math.floor(room / unit.length)) + tail;
}

/**
 * Texts built to make reference extraction slow: each puts a regular expression or a
 * rebuild-the-string loop on its worst case. The first four blocked the event loop for
 * seconds when they were found; the rest are shapes of the same kind (long runs between
 * or after the words and identifiers the extraction looks for). All but one are 64 KiB;
 * "40k URLs" is 40,000 tiny URLs (360 KB), since many URLs is the point.
 */
export const PATHOLOGICAL_TEXTS: readonly Labeled<string>[] = [
  new Labeled('"sha" + 64 KiB of spaces + "z"', fill("sha", " ", "z")),
  new Labeled(
    "a PR URL + 64 KiB of dots + a letter",
    fill("https://github.com/acme/api/pull/42", ".", "x"),
  ),
  new Labeled('"Fixes ENG-1" + 64 KiB of spaces + "x ENG-2"', fill("Fixes ENG-1", " ", "x ENG-2")),
  new Labeled("40k URLs", "http://a ".repeat(40_000)),
  new Labeled('"Fixes" + 64 KiB of spaces + "x"', fill("Fixes", " ", "x")),
  new Labeled('"commit" + 64 KiB of tabs + "abc1234"', fill("commit", "\t", "abc1234")),
  new Labeled('"Fixes " + "ENG-1, " repeated', fill("Fixes ", "ENG-1, ")),
  new Labeled('"fixes ENG-1 " repeated', fill("", "fixes ENG-1 ")),
  new Labeled('"a/b#1 " repeated', fill("", "a/b#1 ")),
  new Labeled('"https://" repeated without spaces', fill("", "https://")),
  new Labeled('"<https://x|" repeated (unclosed Slack links)', fill("", "<https://x|")),
  new Labeled('"related" + 64 KiB of spaces + "x"', fill("related", " ", "x")),
  new Labeled("64 KiB of newlines", fill("", "\n")),
];
