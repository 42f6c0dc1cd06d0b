import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/**
 * Integration files that kill processes or stop programs at set limits, at moments a busy second
 * file would move: they run one at a time, after everything else.
 */
const RUN_ALONE = [
  "lib/db/embedded.int.test.ts",
  "lib/jobs/worker.int.test.ts",
  "lib/llm/limiter.int.test.ts",
  "lib/sandbox/close.int.test.ts",
  "lib/sandbox/sandbox.int.test.ts",
  "lib/sandbox/stop-reasons.int.test.ts",
  "lib/synthesis/durability.int.test.ts",
  "lib/synthesis/paid-once.int.test.ts",
  "lib/synthesis/run-controls.int.test.ts",
  "lib/synthesis/window-kills.int.test.ts",
];

/**
 * Two files at a time: an integration file mostly waits on its model server, child processes and
 * PostgreSQL, and each has its own database (lib/testing/database-per-file.ts). Vitest's default on
 * two cores is one.
 */
const PARALLEL_WORKERS = 2;

const integration: NonNullable<TestProjectInlineConfiguration["test"]> = {
  include: ["{app,components,lib,model-server}/**/*.int.test.ts"],
  environment: "node",
  globalSetup: ["lib/testing/global-setup.ts"],
  setupFiles: ["lib/testing/database-per-file.ts"],
  // A hang guard, not a measure: a file beside another runs slower than alone.
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    // `server-only` guards the browser bundle; tests run on the server side.
    alias: { "server-only": path.join(import.meta.dirname, "lib/testing/server-only.ts") },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{app,components,lib,model-server}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          environment: "node",
          maxWorkers: PARALLEL_WORKERS,
        },
      },
      {
        extends: true,
        test: {
          ...integration,
          name: "integration",
          exclude: ["**/node_modules/**", ...RUN_ALONE],
          maxWorkers: PARALLEL_WORKERS,
        },
      },
      {
        extends: true,
        test: {
          ...integration,
          // `--project 'integration*'` runs both integration projects.
          name: "integration-alone",
          include: RUN_ALONE,
          // maxWorkers 1 in the default group order: Vitest runs these files last, one at a time.
          maxWorkers: 1,
        },
      },
    ],
  },
});
