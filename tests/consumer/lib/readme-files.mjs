// The recipes of the root README ("Use it in your service") are the smoke test's source
// code: each ```ts block preceded by `<!-- consumer-file: PATH -->` becomes the file PATH
// of every consumer project, so the README cannot drift from what the test runs.
import { readFileSync } from "node:fs";

const BLOCK = /<!-- consumer-file: (\S+) -->\s*\n```ts\n([\s\S]*?)```/g;

/** `[{ path, code }]` in README order; throws when none are found or a path repeats. */
export function readmeFiles(readmePath) {
  const text = readFileSync(readmePath, "utf8");
  const files = [...text.matchAll(BLOCK)].map(([, path, code]) => ({ path, code }));
  if (files.length === 0) throw new Error(`${readmePath} has no <!-- consumer-file: … --> blocks`);
  const paths = files.map((file) => file.path);
  const repeated = paths.find((path, index) => paths.indexOf(path) !== index);
  if (repeated) throw new Error(`${readmePath} has two blocks for ${repeated}`);
  return files;
}
