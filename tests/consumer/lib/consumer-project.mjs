// Lays out one consumer project outside the workspace: a package.json that depends on the
// packed tarballs and on the frameworks, the README's recipe files, and the smoke driver.
// ESM and CommonJS projects run the recipes with their types stripped (TypeScript's
// transpileModule, as a JavaScript user would write them); the TypeScript project
// compiles them with tsc (strict, exactOptionalPropertyTypes) and also runs the Next.js
// route handlers, which only exist as TypeScript.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";

/** The frameworks the recipes mount the handler in, and `pg` for the driver's SQL checks. */
const RUNTIME_DEPENDENCIES = {
  "@hono/node-server": "^1.19.0",
  express: "^5.1.0",
  fastify: "^5.6.0",
  hono: "^4.10.0",
  pg: "^8.16.0",
};
const TYPESCRIPT_DEPENDENCIES = {
  "@types/express": "^5.0.0",
  "@types/node": "^22.0.0",
  "@types/pg": "^8.15.0",
  typescript: "~5.9.3",
};
const SERVERS = ["express", "fastify", "hono"];

/** The three kinds of consumer project. */
export const PROJECT_KINDS = {
  esm: { packageType: "module", module: ts.ModuleKind.ESNext, servers: SERVERS },
  cjs: { packageType: "commonjs", module: ts.ModuleKind.CommonJS, servers: SERVERS },
  typescript: { packageType: "module", module: undefined, servers: [...SERVERS, "next"] },
};

const isNextFile = (path) => path.startsWith("app/");

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function transpile(code, module, fileName) {
  return ts.transpileModule(code, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: { module, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}

/**
 * Writes the project `kind` into `directory` and returns how to run its servers:
 * `[{ name, args }]` for the driver (`node ...args` in the project directory).
 */
export function createConsumerProject({ kind, directory, tarballs, readmeFiles, projectFiles }) {
  const project = PROJECT_KINDS[kind];
  const dependencies = { ...RUNTIME_DEPENDENCIES };
  for (const [name, path] of Object.entries(tarballs)) dependencies[name] = `file:${path}`;
  const manifest = {
    name: `contexten-consumer-${kind}`,
    private: true,
    type: project.packageType,
    dependencies: Object.fromEntries(Object.entries(dependencies).sort()),
    ...(kind === "typescript" ? { devDependencies: TYPESCRIPT_DEPENDENCIES } : {}),
  };
  mkdirSync(directory, { recursive: true });
  write(join(directory, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  write(join(directory, ".npmrc"), "engine-strict=true\n");
  cpSync(join(projectFiles, "common"), directory, { recursive: true });

  if (kind === "typescript") {
    cpSync(join(projectFiles, "typescript"), directory, { recursive: true });
    for (const file of readmeFiles) write(join(directory, file.path), file.code);
  } else {
    const sources = [
      ...readmeFiles.filter((file) => !isNextFile(file.path)),
      { path: "entries.ts", code: ts.sys.readFile(join(directory, "entries.ts")) },
    ];
    for (const file of sources) {
      const output = file.path.replace(/\.ts$/, ".js");
      write(join(directory, "dist", output), transpile(file.code, project.module, file.path));
    }
  }
  return project.servers.map((name) => ({
    name,
    args: name === "next" ? ["next-server.mjs"] : [join("dist", `${name}.js`)],
  }));
}
