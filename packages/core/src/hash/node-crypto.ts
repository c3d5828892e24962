import type * as NodeCrypto from "node:crypto";

/**
 * `node:crypto` where the runtime has it (Node, Bun, Deno), else `undefined` (edge
 * runtimes such as Vercel's or a Cloudflare Worker without Node compatibility). Read once,
 * through `process.getBuiltinModule`, rather than imported: an edge bundler then meets no
 * `node:crypto` import to fail on, and core's hashing and signature checks fall back to
 * Web Crypto and a pure JavaScript SHA-256 there, while Node keeps its native ones.
 */
export const nodeCrypto: typeof NodeCrypto | undefined = loadNodeCrypto();

function loadNodeCrypto(): typeof NodeCrypto | undefined {
  try {
    const runtime = (globalThis as { process?: Partial<NodeJS.Process> }).process;
    const crypto = runtime?.getBuiltinModule?.("node:crypto");
    return typeof crypto?.createHmac === "function" ? crypto : undefined;
  } catch {
    return undefined;
  }
}
