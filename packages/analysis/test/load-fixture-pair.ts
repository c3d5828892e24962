import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChangedFile } from "../src/index";

const PAIRS = fileURLToPath(new URL("./fixtures/pairs/", import.meta.url));

function walk(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** A fixture pair (`fixtures/pairs/<name>/{before,after}`) as the changed files of a pull request. */
export function loadFixturePair(name: string): ChangedFile[] {
  const before = join(PAIRS, name, "before");
  const after = join(PAIRS, name, "after");
  const paths = new Set(
    [...walk(before), ...walk(after)].map((path) =>
      relative(path.startsWith(before) ? before : after, path),
    ),
  );
  return [...paths].sort().map((path) => {
    const baseContent = existsSync(join(before, path))
      ? readFileSync(join(before, path), "utf8")
      : undefined;
    const headContent = existsSync(join(after, path))
      ? readFileSync(join(after, path), "utf8")
      : undefined;
    return {
      path,
      status:
        baseContent === undefined ? "added" : headContent === undefined ? "removed" : "modified",
      baseContent,
      headContent,
    };
  });
}
