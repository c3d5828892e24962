import ts from "typescript";

/** A parameter of an exported function or method, as written. */
export interface ApiParameter {
  /** Name. */
  name: string;
  /** Type annotation as written (`unknown` when absent). */
  type: string;
  /** Optional (`?`, a default value, or a rest parameter). */
  optional: boolean;
  /** Rest parameter. */
  rest: boolean;
}

/** A call signature. */
export interface ApiSignature {
  /** Type parameters as written. */
  typeParameters: string;
  /** Parameters. */
  parameters: ApiParameter[];
  /** Return type as written (`unknown` when absent). */
  returnType: string;
}

/** A member of an exported interface or class. */
export interface ApiMember {
  /** Name. */
  name: string;
  /** Property type, or the method's signatures. */
  type?: string | undefined;
  /** Signatures when it is a method. */
  signatures?: ApiSignature[] | undefined;
  /** Optional member. */
  optional: boolean;
}

/** One exported symbol, described by what its declarations say. */
export interface ApiExport {
  /** Exported name (`default` for the default export). */
  name: string;
  /** What it is. */
  kind:
    | "function"
    | "class"
    | "interface"
    | "type"
    | "variable"
    | "enum"
    | "namespace"
    | "reexport";
  /** 1-based line of its (first) declaration. */
  line: number;
  /** Function signatures (overloads in order). */
  signatures: ApiSignature[];
  /** Interface or class members. */
  members: Map<string, ApiMember>;
  /** Variable type, type alias, or re-export source, as written. */
  type: string;
}

/** The exported API of one module. */
export interface ModuleApi {
  /** Exports by name. */
  exports: Map<string, ApiExport>;
  /** `export * from "…"` sources. */
  starExports: Set<string>;
  /** Whether the module has syntax errors (then comparisons are skipped). */
  hasSyntaxErrors: boolean;
}

function text(node: ts.Node | undefined, source: ts.SourceFile): string {
  return node
    ? node.getText(source).replace(/\s+/g, " ").replace(/;\s*}/g, " }").trim()
    : "unknown";
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function signatureOf(node: ts.SignatureDeclarationBase, source: ts.SourceFile): ApiSignature {
  return {
    typeParameters: node.typeParameters
      ? node.typeParameters.map((p) => text(p, source)).join(", ")
      : "",
    parameters: node.parameters
      .filter((parameter) => text(parameter.name, source) !== "this")
      .map((parameter) => ({
        name: text(parameter.name, source),
        type: text(parameter.type, source),
        optional:
          parameter.questionToken !== undefined ||
          parameter.initializer !== undefined ||
          parameter.dotDotDotToken !== undefined,
        rest: parameter.dotDotDotToken !== undefined,
      })),
    returnType: node.type ? text(node.type, source) : "unknown",
  };
}

function memberName(name: ts.PropertyName | undefined, source: ts.SourceFile): string | undefined {
  if (!name) return undefined;
  if (ts.isPrivateIdentifier(name)) return undefined;
  return text(name, source).replace(/^["']|["']$/g, "");
}

function membersOf(
  members: ts.NodeArray<ts.ClassElement | ts.TypeElement>,
  source: ts.SourceFile,
): Map<string, ApiMember> {
  const result = new Map<string, ApiMember>();
  for (const member of members) {
    if (hasModifier(member, ts.SyntaxKind.PrivateKeyword)) continue;
    if (ts.isConstructorDeclaration(member)) {
      const existing = result.get("constructor");
      const signature = signatureOf(member, source);
      if (existing) existing.signatures!.push(signature);
      else
        result.set("constructor", {
          name: "constructor",
          signatures: [signature],
          optional: false,
        });
      continue;
    }
    const name = memberName(member.name, source);
    if (name === undefined) continue;
    const optional = "questionToken" in member && member.questionToken !== undefined;
    if (ts.isMethodDeclaration(member) || ts.isMethodSignature(member)) {
      const existing = result.get(name);
      const signature = signatureOf(member, source);
      if (existing?.signatures) existing.signatures.push(signature);
      else result.set(name, { name, signatures: [signature], optional });
    } else if (ts.isPropertyDeclaration(member) || ts.isPropertySignature(member)) {
      result.set(name, { name, type: text(member.type, source), optional });
    } else if (ts.isGetAccessorDeclaration(member)) {
      result.set(name, { name, type: text(member.type, source), optional: false });
    }
  }
  return result;
}

/** Reads the exported API of a TypeScript, JavaScript or declaration file from its syntax. */
export function readModuleApi(path: string, content: string): ModuleApi {
  const scriptKind = /\.(tsx|jsx)$/.test(path)
    ? ts.ScriptKind.TSX
    : /\.(m|c)?js$/.test(path)
      ? ts.ScriptKind.JS
      : ts.ScriptKind.TS;
  const source = ts.createSourceFile(path, content, ts.ScriptTarget.Latest, true, scriptKind);
  const diagnostics =
    (source as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  const api: ModuleApi = {
    exports: new Map(),
    starExports: new Set(),
    hasSyntaxErrors: diagnostics.length > 0,
  };
  const locals = new Map<string, ApiExport>();
  const lineOf = (node: ts.Node) =>
    source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

  const describe = (statement: ts.Statement, name: string): ApiExport | undefined => {
    const base = { name, line: lineOf(statement), signatures: [], members: new Map(), type: "" };
    if (ts.isFunctionDeclaration(statement)) {
      return { ...base, kind: "function", signatures: [signatureOf(statement, source)] };
    }
    if (ts.isClassDeclaration(statement)) {
      return { ...base, kind: "class", members: membersOf(statement.members, source) };
    }
    if (ts.isInterfaceDeclaration(statement)) {
      return { ...base, kind: "interface", members: membersOf(statement.members, source) };
    }
    if (ts.isTypeAliasDeclaration(statement))
      return { ...base, kind: "type", type: text(statement.type, source) };
    if (ts.isEnumDeclaration(statement)) {
      return {
        ...base,
        kind: "enum",
        type: statement.members.map((m) => text(m.name, source)).join(" | "),
      };
    }
    if (ts.isModuleDeclaration(statement)) return { ...base, kind: "namespace" };
    return undefined;
  };

  const record = (target: Map<string, ApiExport>, entry: ApiExport) => {
    const existing = target.get(entry.name);
    if (existing && existing.kind === "function" && entry.kind === "function") {
      existing.signatures.push(...entry.signatures);
    } else if (existing && existing.kind === "interface" && entry.kind === "interface") {
      for (const [key, member] of entry.members) existing.members.set(key, member);
    } else if (!existing || existing.kind === "namespace") {
      target.set(entry.name, entry);
    }
  };

  const pending: { local: string; exported: string; line: number; equals: boolean }[] = [];
  const namespaces = new Map<string, ts.ModuleBlock>();
  const collect = (statements: readonly ts.Statement[], allExported: boolean) => {
    for (const statement of statements) {
      const exported = allExported || hasModifier(statement, ts.SyntaxKind.ExportKeyword);
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const name = text(declaration.name, source);
          const initializer = declaration.initializer;
          const base = { name, line: lineOf(declaration), members: new Map<string, ApiMember>() };
          const entry: ApiExport =
            initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))
              ? {
                  ...base,
                  kind: "function",
                  signatures: [signatureOf(initializer, source)],
                  type: "",
                }
              : { ...base, kind: "variable", signatures: [], type: text(declaration.type, source) };
          record(exported ? api.exports : locals, entry);
        }
        continue;
      }
      if (ts.isExportDeclaration(statement)) {
        const from = statement.moduleSpecifier
          ? text(statement.moduleSpecifier, source)
          : undefined;
        if (!statement.exportClause) {
          if (from) api.starExports.add(from);
          continue;
        }
        if (ts.isNamedExports(statement.exportClause)) {
          for (const element of statement.exportClause.elements) {
            const exportedName = element.name.text;
            const localName = element.propertyName?.getText(source) ?? exportedName;
            if (from) {
              record(api.exports, {
                name: exportedName,
                kind: "reexport",
                line: lineOf(element),
                signatures: [],
                members: new Map(),
                type: `${localName} from ${from}`,
              });
            } else {
              pending.push({
                local: localName,
                exported: exportedName,
                line: lineOf(element),
                equals: false,
              });
            }
          }
        }
        continue;
      }
      if (ts.isExportAssignment(statement)) {
        pending.push({
          local: text(statement.expression, source),
          exported: "default",
          line: lineOf(statement),
          equals: statement.isExportEquals === true,
        });
        continue;
      }
      if (ts.isModuleDeclaration(statement) && statement.body && ts.isModuleBlock(statement.body)) {
        namespaces.set(text(statement.name, source), statement.body);
      }
      const name = isDefault
        ? "default"
        : ((statement as { name?: ts.Identifier }).name?.text ?? undefined);
      if (!name) continue;
      const entry = describe(statement, name);
      if (!entry) continue;
      record(exported ? api.exports : locals, entry);
      // `export default function mitt()` is also reachable by its local name inside the module.
      if (isDefault && (statement as { name?: ts.Identifier }).name) {
        record(locals, {
          ...entry,
          name: (statement as unknown as { name: ts.Identifier }).name.text,
        });
      }
    }
  };
  collect(source.statements, false);
  // `export = name` with a namespace of that name: the namespace's members are what
  // CommonJS consumers import by name.
  for (const { local, equals } of pending) {
    const namespace = equals ? namespaces.get(local) : undefined;
    if (namespace) collect(namespace.statements, true);
  }
  for (const { local, exported, line } of pending) {
    const declaration = locals.get(local);
    record(
      api.exports,
      declaration
        ? { ...declaration, name: exported }
        : {
            name: exported,
            kind: "variable",
            line,
            signatures: [],
            members: new Map(),
            type: local,
          },
    );
  }
  return api;
}
