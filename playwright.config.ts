import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumPath, E2E_DATA_DIR, E2E_PORT } from "./e2e/config";

/**
 * End-to-end tests: Debian's Chromium against the real studio (`rosetta studio`: embedded
 * PostgreSQL, migrations, the production build, the web server and a worker), fresh data each run.
 */
export default defineConfig({
  testDir: "./e2e",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  outputDir: "test-results",
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      // Without the background-networking flags Chromium keeps dialling Google on a closed network.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `rm -rf ${JSON.stringify(E2E_DATA_DIR)} && node bin/rosetta.js studio`,
    cwd: path.resolve(import.meta.dirname),
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    env: { PORT: String(E2E_PORT), HOST: "127.0.0.1", ROSETTA_DATA_DIR: E2E_DATA_DIR, DATABASE_URL: "" },
    gracefulShutdown: { signal: "SIGTERM", timeout: 40_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
