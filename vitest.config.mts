import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { runsAlone } from "./lib/testing/run-alone.ts";

/** Vitest's order (the longest files first, from its cache), with the files that run alone last: beside nothing, they hold up the second worker. */
class RunAloneLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const alone = (file: TestSpecification) => runsAlone(file.moduleId, import.meta.dirname);
    return [...sorted.filter((file) => !alone(file)), ...sorted.filter(alone)];
  }
}

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    // `server-only` guards the browser bundle; tests run on the server side.
    alias: { "server-only": path.join(import.meta.dirname, "lib/testing/server-only.ts") },
  },
  test: {
    // Two files at a time (Vitest's default on two cores is one): an integration file mostly waits on
    // its model server, child processes and PostgreSQL, and each has its own database; the files in
    // lib/testing/run-alone.ts run with none beside them.
    maxWorkers: 2,
    sequence: { sequencer: RunAloneLast },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{app,components,lib,model-server}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{app,components,lib,model-server}/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          environment: "node",
          globalSetup: ["lib/testing/global-setup.ts"],
          setupFiles: ["lib/testing/database-per-file.ts"],
          // A hang guard, not a measure: a file beside another runs slower than alone.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
