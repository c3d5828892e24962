import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

let cached: Promise<string> | undefined;

/**
 * cytoscape's browser build, read once from the installed package: the page never
 * loads anything from a CDN, so it works offline.
 */
export function cytoscapeScript(): Promise<string> {
  cached ??= readFile(
    createRequire(import.meta.url).resolve("cytoscape/dist/cytoscape.min.js"),
    "utf8",
  ).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
