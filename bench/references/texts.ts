/**
 * Texts for the reference-extraction benchmark: adversarial families (what an attacker
 * who can comment on a public repository sends) and realistic pull request bodies, each
 * built to an exact length in UTF-16 code units.
 */

/** One family: builds a text of exactly `length` characters. */
export interface TextFamily {
  name: string;
  build(length: number): string;
}

/** `head`, then `unit` repeated, then `tail`, cut to exactly `length` characters. */
function padded(head: string, unit: string, tail: string, length: number): string {
  const room = Math.max(0, length - head.length - tail.length);
  return `${head}${unit.repeat(Math.ceil(room / unit.length)).slice(0, room)}${tail}`;
}

/** `make(index)` joined until `length` characters, then cut. */
function repeated(length: number, make: (index: number) => string): string {
  const parts: string[] = [];
  let size = 0;
  for (let index = 0; size < length; index += 1) {
    const part = make(index);
    parts.push(part);
    size += part.length;
  }
  return parts.join("").slice(0, length);
}

const SHA = "4f2a9c1e7b3d5a6c8e0f1a2b3c4d5e6f7a8b9c0d";

/** A pull request body as teams write them: prose, a checklist, links, shas, code. */
function pullRequestSection(index: number): string {
  const issue = 100 + (index % 900);
  return [
    `## Summary ${index}`,
    "",
    `Fixes ENG-${issue}, refs OPS-${issue + 1} and acme/web#${index + 1}. The login redirect`,
    "lost the session cookie when the identity provider answered slowly; this keeps the",
    `state in the signed cookie instead (see https://github.com/acme/api/pull/${index + 40}).`,
    "",
    "### Changes",
    "- [x] move the session state into `auth/session.ts`",
    `- [x] retry the token exchange (commit ${SHA.slice(0, 7 + (index % 5))})`,
    `- [ ] follow-up: [ENG-${issue + 2}](https://linear.app/acme/issue/ENG-${issue + 2}/cleanup)`,
    "",
    "```ts",
    "const session = await readSession(request); // UTF-8, SHA-256 signed",
    "```",
    "",
    `Thread: https://acme.slack.com/archives/C123ABC/p17000000000${String(index % 1e6).padStart(6, "0")}`,
    `Docs: https://example.com/docs/auth/${index}/überblick?x=1#top. Built ${SHA}.`,
    "",
    "",
  ].join("\n");
}

/** The families measured; the first ones are the attacks the former patterns fell to. */
export const FAMILIES: readonly TextFamily[] = [
  { name: "'sha' + spaces", build: (n) => padded("sha", " ", "z", n) },
  { name: "'commit:' + tabs", build: (n) => padded("commit:", "\t", "x", n) },
  { name: "URL + dots", build: (n) => padded("https://a.test/x", ".", "a", n) },
  { name: "URL + slashes", build: (n) => padded("https://a.test/", "/", "x", n) },
  { name: "closing word + spaces", build: (n) => padded("Fixes", " ", "x ENG-1", n) },
  { name: "list gap of spaces", build: (n) => padded("Fixes ENG-1 ,", " ", "x ENG-2", n) },
  { name: "keywords, no refs", build: (n) => padded("", "fixes x ", " ENG-1", n) },
  { name: "distinct URLs", build: (n) => repeated(n, (i) => `https://e.test/p/${i} `) },
  { name: "identifier-like runs", build: (n) => padded("", "ABCDEFG-1234567890 ", "", n) },
  { name: "long closed list", build: (n) => `Fixes ${repeated(n - 6, (i) => `ENG-${i + 1}, `)}` },
  {
    name: "mixed Unicode",
    build: (n) => repeated(n, (i) => ["é日本 ", "😀 ENG-", String(i), " \u3000", "\u2028"][i % 5]!),
  },
  { name: "realistic PR body", build: (n) => repeated(n, pullRequestSection) },
];

/** Sizes measured, in KiB of UTF-16 code units. */
export const SIZES_KIB: readonly number[] = [1, 16, 64, 256, 1024];
