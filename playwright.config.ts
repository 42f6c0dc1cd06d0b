import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumPath, E2E_DATA_DIR, E2E_PORT } from "./e2e/config";

/** Specs that start studios of their own (e2e/studio-process.ts), beside the shared one. */
const OWN_STUDIO = ["demo.spec.ts", "studio-faults.spec.ts", "studio-lifecycle.spec.ts"];

/**
 * End-to-end tests: Debian's Chromium against the real studio (`rosetta studio`: embedded
 * PostgreSQL, migrations, the production build, the web server and a worker), fresh data each run.
 */
export default defineConfig({
  testDir: "./e2e",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // Two spec files at a time against the shared studio: each makes its own projects and accounts,
  // and one reading studio-wide lists (home, audit log, endpoints) tolerates the other's data.
  workers: 2,
  projects: [
    // The specs that start studios of their own (own ports and data folders; they kill their parts,
    // never the shared studio's): one at a time, and first, beside the shared-studio specs, so their
    // minute or two each is not the run's tail.
    { name: "own-studio", testMatch: OWN_STUDIO, workers: 1 },
    { name: "shared-studio", testIgnore: OWN_STUDIO },
  ],
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
