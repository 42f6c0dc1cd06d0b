import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".rosetta/**", "lib/db/generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "reports/**", "next-env.d.ts"]),
  {
    rules: {
      // STYLE §1: lib/env.ts is the one reader of the environment.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // A module graph without cycles: each layer imports the ones below it (issue 15 cut the last cycle).
    files: ["**/*.{ts,tsx}"],
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // The env module itself, and tooling configs that run outside the app.
    files: ["lib/env.ts", "prisma.config.ts", "playwright.config.ts", "scripts/**", "bin/**", "e2e/**", "bench/**"],
    rules: { "no-restricted-properties": "off" },
  },
]);
