import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository's README, whose "Using the webhook handler" server the corpus runs. */
export const README_PATH = fileURLToPath(new URL("../../../README.md", import.meta.url));

const SECTION = "## Using the webhook handler";

/** The first ```ts block of the README's "Using the webhook handler" section. */
export function readmeServerExample(readme = readFileSync(README_PATH, "utf8")): string {
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start === -1) throw new Error(`README.md has no "${SECTION}" section`);
  const next = readme.indexOf("\n## ", start + SECTION.length + 1);
  const section = readme.slice(start, next === -1 ? undefined : next);
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`README.md's "${SECTION}" section has no \`\`\`ts code block`);
  return block[1]!;
}

/** Environment variables the filled-in README server reads. */
export const README_SERVER_ENV = {
  /** Port to listen on (127.0.0.1). */
  port: "HOSTILE_PORT",
  /** `bodyTimeoutMs` handed to `createWebhookHandler`. */
  bodyTimeoutMs: "HOSTILE_BODY_TIMEOUT_MS",
  /** Secrets, one per platform. */
  githubSecret: "HOSTILE_GITHUB_SECRET",
  slackSecret: "HOSTILE_SLACK_SECRET",
  linearSecret: "HOSTILE_LINEAR_SECRET",
} as const;

const ENV = README_SERVER_ENV;

/**
 * The README's server, filled in and nothing else changed: the three real sources in the
 * `sources` placeholder, a `MemoryEventStore` as `store`, a body deadline
 * (`bodyTimeoutMs`, the option name proposed for `createWebhookHandler`), and the port
 * read from the environment, on 127.0.0.1. Every edit must match exactly once, so a
 * README that changes shape fails here, loudly, instead of being tested half-way.
 */
export function fillReadmeServer(example: string): string {
  let code = example;
  const edit = (what: string, pattern: RegExp, replacement: string) => {
    const matches = code.match(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`));
    if (matches?.length !== 1) {
      throw new Error(
        `README.md's webhook server changed: expected one ${what} (${pattern}), found ${matches?.length ?? 0}. ` +
          "Update tests/hostile/src/readme-server.ts to fill in the new shape.",
      );
    }
    code = code.replace(pattern, replacement);
  };
  edit(
    "sources placeholder",
    /sources:\s*\[[^\]]*\]/,
    `sources: [
    githubWebhooks({ secret: process.env.${ENV.githubSecret} }),
    slackWebhooks({ signingSecret: process.env.${ENV.slackSecret} }),
    linearWebhooks({ secret: process.env.${ENV.linearSecret} }),
  ]`,
  );
  edit(
    "createWebhookHandler({ call",
    /createWebhookHandler\(\{/,
    `createWebhookHandler({\n  bodyTimeoutMs: Number(process.env.${ENV.bodyTimeoutMs}),`,
  );
  edit(
    "listen(3000) call",
    /\.listen\(3000\)/,
    `.listen(Number(process.env.${ENV.port}), "127.0.0.1")`,
  );
  return [
    'import { MemoryEventStore } from "@contexten/core";',
    'import { githubWebhooks } from "@contexten/github";',
    'import { linearWebhooks } from "@contexten/linear";',
    'import { slackWebhooks } from "@contexten/slack";',
    "",
    code.replace(
      /^(import [^\n]*\n)+/,
      (imports) => `${imports}\nconst store = new MemoryEventStore();\n`,
    ),
  ].join("\n");
}
