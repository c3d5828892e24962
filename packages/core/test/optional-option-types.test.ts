import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Apps compiled with `exactOptionalPropertyTypes` can only pass a maybe-undefined value
// (`githubWebhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET })`) to an optional option
// typed `?: T | undefined`; `?: T` rejects it. The packages themselves compile without
// that flag, so nothing else notices when an option loses `| undefined`: this test reads
// every exported options type in the workspace's packages and lists the ones that did.

/** Names of the types callers pass in: options, inputs, filters, queries, updates, seeds. */
const OPTION_TYPE_NAME = /(Options|Input|Filters|Query|Update|Seed|Settings)$/;

const packagesDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

function allowsUndefined(type: ts.TypeNode): boolean {
  if (ts.isUnionTypeNode(type)) return type.types.some(allowsUndefined);
  if (ts.isParenthesizedTypeNode(type)) return allowsUndefined(type.type);
  return [
    ts.SyntaxKind.UndefinedKeyword,
    ts.SyntaxKind.AnyKeyword,
    ts.SyntaxKind.UnknownKeyword,
  ].includes(type.kind);
}

/** `file: Type.property` for each optional property of an exported options type without `| undefined`. */
function optionsWithoutUndefined(files: readonly { path: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      const exported = ts
        .getModifiers(statement as ts.HasModifiers)
        ?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      let name: string | undefined;
      let members: readonly ts.TypeElement[] = [];
      if (ts.isInterfaceDeclaration(statement)) {
        name = statement.name.text;
        members = statement.members;
      } else if (ts.isTypeAliasDeclaration(statement) && ts.isTypeLiteralNode(statement.type)) {
        name = statement.name.text;
        members = statement.type.members;
      }
      if (!name || !OPTION_TYPE_NAME.test(name)) continue;
      for (const member of members) {
        if (!ts.isPropertySignature(member) || !member.questionToken || !member.type) continue;
        if (allowsUndefined(member.type)) continue;
        const property = member.name.getText(source);
        found.push(`${relative(packagesDirectory, file.path)}: ${name}.${property}`);
      }
    }
  }
  return found;
}

describe("exported option types", () => {
  it("type every optional option `?: T | undefined`", () => {
    const files = readdirSync(packagesDirectory)
      .map((name) => join(packagesDirectory, name, "src"))
      .filter((directory) => existsSync(directory))
      .flatMap(sourceFiles)
      .map((path) => ({ path, text: readFileSync(path, "utf8") }));
    expect(files.length).toBeGreaterThan(100);
    expect(optionsWithoutUndefined(files)).toEqual([]);
  });

  it("notices an option without `| undefined` (the check can fail)", () => {
    const probe = {
      path: join(packagesDirectory, "core", "src", "probe.ts"),
      text: [
        "export interface ProbeOptions { a?: string; b?: string | undefined; c?: () => void; d: number }",
        "export type ProbeInput = { e?: number; f?: unknown };",
        "interface InternalOptions { g?: string }",
        "export interface ProbeResult { h?: string }",
      ].join("\n"),
    };
    expect(optionsWithoutUndefined([probe])).toEqual([
      "core/src/probe.ts: ProbeOptions.a",
      "core/src/probe.ts: ProbeOptions.c",
      "core/src/probe.ts: ProbeInput.e",
    ]);
  });
});
