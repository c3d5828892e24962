#!/usr/bin/env node
// `prepack` of every publishable package: refuses to pack (and so to publish) with a tool
// that would ship `workspace:` ranges. pnpm rewrites `"@contexten/core": "workspace:^"`
// to the real version when it packs; npm and others copy it verbatim, and every install
// of that tarball then fails. Tools such as `only-allow` enforce a package manager for
// installs; this guard checks what matters for a tarball (the manifest that would be
// packed) and so still lets npm pack a package without workspace ranges.
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const DEPENDENCY_FIELDS = [
  "dependencies",
  "peerDependencies",
  "optionalDependencies",
  "devDependencies",
];

// The running package manager sets `npm_execpath` to itself for lifecycle scripts (npm
// overrides an inherited value; `npm_config_user_agent` it does not, so `pnpm exec npm
// publish` would pass for pnpm by the user agent alone).
const execPath = process.env.npm_execpath;
const tool = execPath
  ? basename(execPath).replace(/(-cli)?\.[cm]?js$/, "")
  : (process.env.npm_config_user_agent ?? "").split("/")[0] || "this tool";
if (tool !== "pnpm") {
  const manifest = JSON.parse(readFileSync("package.json", "utf8"));
  const workspaceRanges = DEPENDENCY_FIELDS.flatMap((field) =>
    Object.entries(manifest[field] ?? {})
      .filter(([, range]) => String(range).startsWith("workspace:"))
      .map(([name, range]) => `${field}.${name} = "${range}"`),
  );
  if (workspaceRanges.length > 0) {
    console.error(
      [
        `✖ Refusing to pack ${manifest.name} with ${tool}: its manifest has ${workspaceRanges.join(", ")}.`,
        "  Only pnpm replaces workspace: ranges with real versions when packing; this tarball would break every install.",
        "  Publish with `npx -y pnpm@12.4.2 run release` (changeset publish, which runs pnpm publish), or pack with `pnpm pack`.",
      ].join("\n"),
    );
    process.exit(1);
  }
}
