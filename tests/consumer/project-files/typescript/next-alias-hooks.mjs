// Module resolution hook for next-server.mjs: resolves the `@/*` path alias of a Next.js
// project (tsconfig `paths`, applied by Next.js's bundler) to the compiled files in dist/.
// Synchronous, so it serves both `module.registerHooks` and the older `module.register`.
const compiled = new URL("./dist/", import.meta.url);

export function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith("@/")) {
    return nextResolve(new URL(`${specifier.slice(2)}.js`, compiled).href, context);
  }
  return nextResolve(specifier, context);
}
