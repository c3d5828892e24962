import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    adapter: "src/adapter/index.ts",
    schemas: "src/schemas/index.ts",
    testing: "src/testing/index.ts",
    "testing/conformance": "src/testing/conformance/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  target: "node22",
  outDir: "dist",
});
