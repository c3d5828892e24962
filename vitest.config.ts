import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * One root command (`vitest run`) runs every package's, example's and test suite's tests; each
 * directory is a named project, so `vitest run --project github` runs one. Workspace
 * packages resolve to their TypeScript sources through the `@contexten/source` export
 * condition, so tests never need a build first.
 */
const workspaceRoot = fileURLToPath(new URL(".", import.meta.url));
const projectDirectories = ["packages", "examples", "tests"].flatMap((parent) => {
  const absolute = join(workspaceRoot, parent);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(absolute, entry.name, "package.json")),
    )
    .map((entry) => `${parent}/${entry.name}`);
});

/** Projects whose test files each get a fresh module cache (see `isolate` below). */
const ISOLATED_PROJECTS = new Set(["packages/analysis"]);

export default defineConfig({
  resolve: { conditions: ["@contexten/source"] },
  // Vitest passes these to Node as --conditions for the worker too, so they must not
  // include "import": Node would then resolve require() calls inside CommonJS packages
  // (pg requiring pg-pool) to their ESM entries. Vite adds import/require/default itself.
  ssr: { resolve: { conditions: ["@contexten/source", "node"] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Test files of one worker share its module cache instead of importing every package
    // again per file (half the suite's time went to imports). Tests must not depend on
    // module state left by another file; the analysis package's tests are isolated because
    // ast-grep's language registration is global to the process by design.
    isolate: false,
    projects: projectDirectories.map((directory) => ({
      extends: true,
      test: {
        name: directory.split("/")[1]!,
        root: join(workspaceRoot, directory),
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        ...(ISOLATED_PROJECTS.has(directory) ? { isolate: true } : {}),
      },
    })),
  },
});
