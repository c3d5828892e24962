import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type BreakingChange, detectBreakingChangesInFiles } from "../src/index";

const NPM = new URL("./fixtures/npm/", import.meta.url);
const declarations = (release: string) => readFileSync(new URL(`${release}.d.ts`, NPM), "utf8");

function compareReleases(before: string, after: string): string[] {
  return detectBreakingChangesInFiles([
    {
      path: "index.d.ts",
      status: "modified",
      baseContent: declarations(before),
      headContent: declarations(after),
    },
  ]).map((change) => `${change.kind} ${change.symbol}`);
}

const compare = (before: string, after: string, path = "src/api.ts"): BreakingChange[] =>
  detectBreakingChangesInFiles([
    { path, status: "modified", baseContent: before, headContent: after },
  ]);

describe("breaking changes between published releases (npm .d.ts files)", () => {
  it("chalk 4.1.2 → 5.0.0 (major): the CommonJS namespace types and the default export changed", () => {
    expect(compareReleases("chalk@4.1.2", "chalk@5.0.0")).toEqual([
      "export-removed Level",
      "member-type-changed Options.level",
      "export-removed Instance",
      "export-kind-changed ColorSupport",
      "export-removed ChalkFunction",
      "export-kind-changed Chalk",
      "variable-type-changed default",
    ]);
  });

  it("mitt 2.1.0 → 3.0.0 (major): the emitter became generic over its events", () => {
    const changes = compareReleases("mitt@2.1.0", "mitt@3.0.0");
    expect(new Set(changes)).toEqual(
      new Set([
        "member-type-changed Emitter.all",
        "parameter-type-changed Emitter.on",
        "parameter-type-changed Emitter.off",
        "parameter-type-changed Emitter.emit",
        "parameter-removed Emitter.emit",
        "parameter-type-changed default",
        "return-type-changed default",
      ]),
    );
  });

  it.each([
    ["chalk@4.1.0", "chalk@4.1.2"],
    ["chalk@5.0.0", "chalk@5.0.1"],
    ["chalk@5.0.1", "chalk@5.1.0"],
    ["mitt@3.0.0", "mitt@3.0.1"],
  ])("%s → %s (patch or minor) shows none", (before, after) => {
    expect(compareReleases(before, after)).toEqual([]);
  });
});

describe("breaking changes of TypeScript modules", () => {
  it("names the symbol and the signature before and after", () => {
    const [change, ...rest] = compare(
      "export function connect(url: string, timeoutMs?: number): Client { return new Client(); }",
      "export function connect(url: string, timeoutMs: number): Client { return new Client(); }",
    );
    expect(rest).toEqual([]);
    expect(change).toMatchObject({
      kind: "parameter-made-required",
      symbol: "connect",
      before: "connect(url: string, timeoutMs?: number): Client",
      after: "connect(url: string, timeoutMs: number): Client",
      line: 1,
    });
  });

  it("finds removed and renamed exports, added required parameters and removed members", () => {
    const before = [
      "export function createClient(options: Options): Client { return null!; }",
      "export function parseConfig(text: string): Config { return null!; }",
      "export interface Options { url: string; retries?: number; debug: boolean }",
      "export class Client { send(body: string): Promise<void> { return null!; } close(): void {} }",
      "export const VERSION: string = '1';",
    ].join("\n");
    const after = [
      "export function createClient(options: Options, logger: Logger): Client { return null!; }",
      "export function readConfig(text: string): Config { return null!; }",
      "export interface Options { url: string; retries: number }",
      "export class Client { send(body: string): Promise<number> { return null!; } }",
    ].join("\n");
    expect(
      compare(before, after).map((change) => `${change.kind} ${change.symbol}: ${change.after}`),
    ).toEqual([
      "required-parameter-added createClient: createClient(options: Options, logger: Logger): Client",
      "export-renamed parseConfig: function readConfig(text: string): Config",
      "member-made-required Options.retries: retries: number",
      "member-removed Options.debug: (removed)",
      "return-type-changed Client.send: Client.send(body: string): Promise<number>",
      "member-removed Client.close: (removed)",
      "export-removed VERSION: (removed)",
    ]);
  });

  it("accepts additions: optional parameters, new exports, new optional members, overloads", () => {
    expect(
      compare(
        "export function f(a: string): void {}\nexport interface O { a: string }",
        "export function f(a: string, b?: number): void {}\nexport function f(a: number): void;\nexport function g(): void {}\nexport interface O { a: string; b?: number }",
      ),
    ).toEqual([]);
  });

  it("compares package.json export subpaths and notes unparsable modules", () => {
    const changes = detectBreakingChangesInFiles([
      {
        path: "package.json",
        status: "modified",
        baseContent: JSON.stringify({
          exports: { ".": "./index.js", "./testing": "./testing.js" },
        }),
        headContent: JSON.stringify({ exports: { ".": "./index.js" } }),
      },
    ]);
    expect(changes.map((change) => `${change.kind} ${change.symbol}`)).toEqual([
      "package-export-removed ./testing",
    ]);
    const notes: { code: string }[] = [];
    expect(
      detectBreakingChangesInFiles(
        [
          {
            path: "src/a.ts",
            status: "modified",
            baseContent: "export const a = 1;",
            headContent: "export const = ;",
          },
        ],
        notes as never,
      ),
    ).toEqual([]);
    expect(notes.map((note) => note.code)).toEqual(["parse-errors"]);
  });
});
