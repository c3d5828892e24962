import type { BreakingChange } from "../analysis-types";
import type { ApiExport, ApiMember, ApiSignature, ModuleApi } from "./exported-api";

/** A signature as people read it: `<T>(a: string, b?: number): void`. */
export function formatSignature(name: string, signature: ApiSignature): string {
  const generics = signature.typeParameters ? `<${signature.typeParameters}>` : "";
  const parameters = signature.parameters
    .map((p) => `${p.rest ? "..." : ""}${p.name}${p.optional && !p.rest ? "?" : ""}: ${p.type}`)
    .join(", ");
  return `${name}${generics}(${parameters}): ${signature.returnType}`;
}

function describeExport(entry: ApiExport): string {
  switch (entry.kind) {
    case "function":
      return entry.signatures.map((s) => `function ${formatSignature(entry.name, s)}`).join("; ");
    case "variable":
      return `const ${entry.name}: ${entry.type}`;
    case "type":
      return `type ${entry.name} = ${entry.type}`;
    case "reexport":
      return `export { ${entry.type} }`;
    default:
      return `${entry.kind} ${entry.name}`;
  }
}

/** Whether `after` accepts every call `before` accepted and returns the same type. */
function compatible(before: ApiSignature, after: ApiSignature): boolean {
  if (before.returnType !== after.returnType) return false;
  for (let index = 0; index < after.parameters.length; index += 1) {
    const next = after.parameters[index]!;
    const previous = before.parameters[index];
    if (!previous) {
      if (!next.optional) return false;
      continue;
    }
    if (previous.type !== next.type || (previous.optional && !next.optional)) return false;
  }
  return (
    before.parameters.length <= after.parameters.length || before.parameters.at(-1)?.rest === true
  );
}

/** The specific differences between two signatures of one symbol. */
function signatureChanges(
  symbol: string,
  file: string,
  line: number,
  before: ApiSignature,
  after: ApiSignature,
): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const beforeText = formatSignature(symbol, before);
  const afterText = formatSignature(symbol, after);
  const add = (kind: BreakingChange["kind"], message: string) =>
    changes.push({ kind, file, symbol, before: beforeText, after: afterText, line, message });
  const count = Math.max(before.parameters.length, after.parameters.length);
  for (let index = 0; index < count; index += 1) {
    const previous = before.parameters[index];
    const next = after.parameters[index];
    if (previous && !next) {
      add("parameter-removed", `${symbol}: parameter \`${previous.name}\` was removed.`);
    } else if (!previous && next && !next.optional) {
      add("required-parameter-added", `${symbol}: new required parameter \`${next.name}\`.`);
    } else if (previous && next) {
      if (previous.type !== next.type) {
        add(
          "parameter-type-changed",
          `${symbol}: parameter \`${next.name}\` changed type from \`${previous.type}\` to \`${next.type}\`.`,
        );
      } else if (previous.optional && !next.optional) {
        add("parameter-made-required", `${symbol}: parameter \`${next.name}\` is now required.`);
      }
    }
  }
  if (before.returnType !== after.returnType) {
    add(
      "return-type-changed",
      `${symbol}: return type changed from \`${before.returnType}\` to \`${after.returnType}\`.`,
    );
  }
  if (changes.length === 0) add("parameter-type-changed", `${symbol}: the signature changed.`);
  return changes;
}

function compareSignatures(
  symbol: string,
  file: string,
  line: number,
  before: ApiSignature[],
  after: ApiSignature[],
): BreakingChange[] {
  const changes: BreakingChange[] = [];
  before.forEach((signature, index) => {
    if (after.some((candidate) => compatible(signature, candidate))) return;
    const closest = after[Math.min(index, after.length - 1)];
    if (closest) changes.push(...signatureChanges(symbol, file, line, signature, closest));
  });
  return changes;
}

function compareMembers(
  owner: ApiExport,
  file: string,
  before: Map<string, ApiMember>,
  after: Map<string, ApiMember>,
  line: number,
): BreakingChange[] {
  const changes: BreakingChange[] = [];
  for (const [name, previous] of before) {
    const symbol = `${owner.name}.${name}`;
    const next = after.get(name);
    const shape = (member: ApiMember) =>
      member.signatures
        ? member.signatures.map((s) => formatSignature(name, s)).join("; ")
        : `${name}${member.optional ? "?" : ""}: ${member.type}`;
    if (!next) {
      changes.push({
        kind: "member-removed",
        file,
        symbol,
        before: shape(previous),
        after: "(removed)",
        line,
        message: `${symbol} was removed.`,
      });
      continue;
    }
    if (previous.signatures && next.signatures) {
      changes.push(...compareSignatures(symbol, file, line, previous.signatures, next.signatures));
    } else if (
      previous.type !== next.type ||
      Boolean(previous.signatures) !== Boolean(next.signatures)
    ) {
      changes.push({
        kind: "member-type-changed",
        file,
        symbol,
        before: shape(previous),
        after: shape(next),
        line,
        message: `${symbol} changed type.`,
      });
    } else if (owner.kind === "interface" && previous.optional && !next.optional) {
      changes.push({
        kind: "member-made-required",
        file,
        symbol,
        before: shape(previous),
        after: shape(next),
        line,
        message: `${symbol} is now required.`,
      });
    }
  }
  return changes;
}

function sameShape(a: ApiExport, b: ApiExport): boolean {
  return (
    a.kind === b.kind && describeExport({ ...a, name: "" }) === describeExport({ ...b, name: "" })
  );
}

/**
 * Compares the exported API of one module between base and head. Type alias bodies are
 * compared by removal only: the same type can be written many ways, and telling a
 * narrowed alias from a rewritten one needs the whole program.
 */
export function compareModuleApi(
  file: string,
  before: ModuleApi,
  after: ModuleApi,
): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const added = [...after.exports.values()].filter((entry) => !before.exports.has(entry.name));
  for (const [name, previous] of before.exports) {
    const next = after.exports.get(name);
    if (!next) {
      const renamed =
        previous.kind === "function" || previous.kind === "class"
          ? added.find((candidate) => sameShape(previous, candidate))
          : undefined;
      changes.push({
        kind: renamed ? "export-renamed" : "export-removed",
        file,
        symbol: name,
        before: describeExport(previous),
        after: renamed ? describeExport(renamed) : "(removed)",
        line: previous.line,
        message: renamed
          ? `Export \`${name}\` was renamed to \`${renamed.name}\`.`
          : `Export \`${name}\` was removed.`,
      });
      continue;
    }
    const kinds = new Set([previous.kind, next.kind]);
    if (previous.kind !== next.kind && !(kinds.has("type") && kinds.has("interface"))) {
      changes.push({
        kind: "export-kind-changed",
        file,
        symbol: name,
        before: describeExport(previous),
        after: describeExport(next),
        line: next.line,
        message: `Export \`${name}\` changed from a ${previous.kind} to a ${next.kind}.`,
      });
      continue;
    }
    if (next.kind === "function") {
      changes.push(
        ...compareSignatures(name, file, next.line, previous.signatures, next.signatures),
      );
    } else if (next.kind === "interface" || next.kind === "class") {
      changes.push(...compareMembers(next, file, previous.members, next.members, next.line));
    } else if (next.kind === "variable" && previous.type !== next.type) {
      changes.push({
        kind: "variable-type-changed",
        file,
        symbol: name,
        before: describeExport(previous),
        after: describeExport(next),
        line: next.line,
        message: `Export \`${name}\` changed type from \`${previous.type}\` to \`${next.type}\`.`,
      });
    }
  }
  for (const source of before.starExports) {
    if (!after.starExports.has(source)) {
      changes.push({
        kind: "export-removed",
        file,
        symbol: `* from ${source}`,
        before: `export * from ${source}`,
        after: "(removed)",
        line: 1,
        message: `The re-export of everything from ${source} was removed.`,
      });
    }
  }
  return changes;
}
