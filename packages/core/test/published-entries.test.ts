import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// What a published tarball can import is decided by its manifest, not by the workspace's
// hoisted node_modules, where everything resolves. This walks each package's public
// entries through their sources and checks two promises the READMEs make: every module a
// published entry imports is one its manifest installs, and the `./testing` helpers never
// reach `vitest` (only `./testing/conformance` may), so apps without vitest can use them.

interface WorkspacePackage {
  name: string;
  directory: string;
  manifest: {
    exports: Record<string, string | Record<string, unknown>>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
}

const packagesDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const workspacePackages: WorkspacePackage[] = readdirSync(packagesDirectory)
  .map((entry) => join(packagesDirectory, entry))
  .filter((directory) => existsSync(join(directory, "package.json")))
  .map((directory) => {
    const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
    return { name: manifest.name, directory, manifest };
  });
const byName = new Map(workspacePackages.map((pkg) => [pkg.name, pkg]));
const builtins = new Set(builtinModules);

function sourceOf(pkg: WorkspacePackage, subpath: string): string {
  const target = pkg.manifest.exports[subpath];
  const source = typeof target === "object" ? target["@contexten/source"] : undefined;
  if (typeof source !== "string") throw new Error(`${pkg.name} ${subpath} has no source`);
  return join(pkg.directory, source);
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

function owningPackage(file: string): WorkspacePackage {
  const owner = workspacePackages.find((pkg) => file.startsWith(`${pkg.directory}/`));
  if (!owner) throw new Error(`${file} is in no workspace package`);
  return owner;
}

/** Every external import reachable from `entry`, with the package whose file imports it. */
function externalImports(entry: string): { importer: WorkspacePackage; specifier: string }[] {
  const found: { importer: WorkspacePackage; specifier: string }[] = [];
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith(".")) {
        pending.push(resolveRelative(file, specifier));
        continue;
      }
      if (specifier.startsWith("node:") || builtins.has(specifier)) continue;
      found.push({ importer: owningPackage(file), specifier });
      const workspaceTarget = byName.get(packageNameOf(specifier));
      if (workspaceTarget) {
        const subpath = `.${specifier.slice(workspaceTarget.name.length)}`;
        pending.push(sourceOf(workspaceTarget, subpath));
      }
    }
  }
  return found;
}

const entries = workspacePackages.flatMap((pkg) =>
  Object.keys(pkg.manifest.exports)
    .filter((subpath) => subpath !== "./package.json")
    .map((subpath) => ({ pkg, subpath, label: `${pkg.name}${subpath.slice(1)}` })),
);

describe("published entries", () => {
  it("finds the workspace packages and their testing entries", () => {
    const labels = entries.map((entry) => entry.label);
    expect(labels).toContain("@contexten/core/testing");
    expect(labels).toContain("@contexten/core/testing/conformance");
    expect(labels).toContain("@contexten/github/testing");
    expect(labels).toContain("@contexten/slack/testing");
  });

  it.each(entries)("$label imports only what its manifests install", ({ pkg, subpath }) => {
    const undeclared = externalImports(sourceOf(pkg, subpath))
      .filter(({ importer, specifier }) => {
        const name = packageNameOf(specifier);
        const { dependencies = {}, peerDependencies = {} } = importer.manifest;
        return name !== importer.name && !(name in dependencies) && !(name in peerDependencies);
      })
      .map(({ importer, specifier }) => `${importer.name} imports ${specifier}`);
    expect(undeclared).toEqual([]);
  });

  it.each(entries.filter((entry) => entry.subpath === "./testing"))(
    "$label never reaches vitest",
    ({ pkg, subpath }) => {
      const vitestImports = externalImports(sourceOf(pkg, subpath))
        .filter(({ specifier }) => /^(vitest|@vitest\/)/.test(specifier))
        .map(({ importer, specifier }) => `${importer.name} imports ${specifier}`);
      expect(vitestImports).toEqual([]);
    },
  );

  it("sees vitest behind the conformance entry (the walk follows imports)", () => {
    const core = byName.get("@contexten/core")!;
    const specifiers = externalImports(sourceOf(core, "./testing/conformance")).map(
      ({ specifier }) => specifier,
    );
    expect(specifiers).toContain("vitest");
  });
});
