// Lays out the consumer projects for one Node.js version outside the workspace: one npm
// install (a package.json that depends on the packed tarballs and on the frameworks) and,
// beside it, an `esm`, a `cjs` and a `typescript` project whose own package.json sets the
// module system, each with the README's recipe files. The projects share node_modules
// because the module system changes what Node.js loads, not what npm installs.
// ESM and CommonJS run the recipes with their types stripped (TypeScript's
// transpileModule, as a JavaScript user would write them); the TypeScript project
// compiles them with tsc (strict, exactOptionalPropertyTypes) and also runs the Next.js
// route handlers, which only exist as TypeScript.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

function writeJson(path, value) {
  write(path, `${JSON.stringify(value, null, 2)}\n`);
}

function transpile(code, module, fileName) {
  return ts.transpileModule(code, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: { module, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}

/**
 * Writes the install in `directory` and a project per kind in `directory/<kind>`, and
 * returns `{ kind → [{ name, args }] }`: how to start each project's servers (`node
 * ...args` in the project directory).
 */
export function createConsumerProjects({ directory, kinds, tarballs, readmeFiles, projectFiles }) {
  const dependencies = { ...RUNTIME_DEPENDENCIES };
  for (const [name, path] of Object.entries(tarballs)) dependencies[name] = `file:${path}`;
  writeJson(join(directory, "package.json"), {
    name: "contexten-consumer",
    private: true,
    dependencies: Object.fromEntries(Object.entries(dependencies).sort()),
    ...(kinds.includes("typescript") ? { devDependencies: TYPESCRIPT_DEPENDENCIES } : {}),
  });
  write(join(directory, ".npmrc"), "engine-strict=true\n");
  cpSync(join(projectFiles, "driver"), directory, { recursive: true });
  const entries = readFileSync(join(projectFiles, "entries.ts"), "utf8");

  const servers = {};
  for (const kind of kinds) {
    const project = PROJECT_KINDS[kind];
    const root = join(directory, kind);
    writeJson(join(root, "package.json"), {
      name: `contexten-consumer-${kind}`,
      private: true,
      type: project.packageType,
    });
    if (kind === "typescript") {
      cpSync(join(projectFiles, "typescript"), root, { recursive: true });
      for (const file of [...readmeFiles, { path: "entries.ts", code: entries }]) {
        write(join(root, file.path), file.code);
      }
    } else {
      const sources = readmeFiles.filter((file) => !isNextFile(file.path));
      for (const file of [...sources, { path: "entries.ts", code: entries }]) {
        const output = join(root, "dist", file.path.replace(/\.ts$/, ".js"));
        write(output, transpile(file.code, project.module, file.path));
      }
    }
    servers[kind] = project.servers.map((name) => ({
      name,
      args: name === "next" ? ["next-server.mjs"] : [join("dist", `${name}.js`)],
    }));
  }
  return servers;
}
