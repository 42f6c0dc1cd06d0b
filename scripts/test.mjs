#!/usr/bin/env node
// `npm test`: every tier, in the order a failure is cheapest to find, then one closing line
// "N passed, N failed" summed from Vitest's and Playwright's JSON reports (plus typecheck, lint,
// format, import cycles and the production build, one check each). Exits 1 if anything failed. Later steps still run after
// a failure, so one run shows everything that is wrong.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const reports = path.join(root, "reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
let passed = 0;
let failed = 0;
const failures = [];

function run(title, command, args, extraEnv = {}) {
  console.log(`\n━━ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  console.log(`━━ ${title}: ${result.status === 0 ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result.status === 0;
}

function check(title, ok) {
  if (ok) {
    passed += 1;
  } else {
    failed += 1;
    failures.push(title);
  }
}

/** Adds a JSON report's counts; a run that failed without a failing test (a crash, a setup error) counts as one failure. */
function countReport(title, ok, file, count) {
  const [good, bad] = existsSync(file) ? count(JSON.parse(readFileSync(file, "utf8"))) : [0, 0];
  passed += good;
  failed += bad;
  if (!ok && bad === 0) check(`${title} (the run itself failed)`, false);
}

const bin = (name) => path.join(root, "node_modules", ".bin", name);

check("typecheck", run("typecheck (tsc)", bin("tsc"), ["--noEmit"]));
check("lint", run("lint (eslint)", bin("eslint"), ["--max-warnings", "0", "."]));
check("format", run("format (prettier --check; npm run format fixes it)", bin("prettier"), ["--check", "--log-level", "warn", "."]));
check("import cycles", run("import cycles (dpdm)", "npm", ["run", "-s", "check:cycles"]));

const vitestErrors = path.join(reports, "vitest-errors.json");
const vitestOk = run(
  "unit and integration tests (vitest)",
  bin("vitest"),
  [
    "run",
    "--reporter=default",
    "--reporter=json",
    "--reporter=./scripts/vitest-run-errors.mjs",
    `--outputFile.json=${path.join(reports, "vitest.json")}`,
  ],
  { ROSETTA_VITEST_ERRORS: vitestErrors },
);
countReport("vitest", vitestOk, path.join(reports, "vitest.json"), (r) => {
  for (const file of r.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === "failed") failures.push(`${path.relative(root, file.name)} › ${test.fullName}`);
    }
  }
  return [r.numPassedTests, r.numFailedTests];
});
// What failed a run outside of its tests, kept for the tail of the log.
const runErrors = existsSync(vitestErrors) ? JSON.parse(readFileSync(vitestErrors, "utf8")).errors : [];

const built = run("production build", process.execPath, ["bin/rosetta.js", "build"]);
check("build", built);

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `\n✖ End-to-end tests need Chromium at ${chromium}. Install Debian's: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`,
  );
  check("e2e (Chromium missing)", false);
} else if (built) {
  const e2eOk = run("end-to-end tests (playwright, Chromium)", bin("playwright"), ["test", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, "e2e.json"),
  });
  countReport("playwright", e2eOk, path.join(reports, "e2e.json"), (r) => {
    const walk = (suite, titles) => {
      for (const spec of suite.specs ?? []) {
        if (spec.tests?.some((t) => t.status === "unexpected")) failures.push([...titles, spec.title].filter(Boolean).join(" › "));
      }
      for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
    };
    for (const suite of r.suites ?? []) walk(suite, [suite.file ?? suite.title]);
    // Errors outside of any test (a global setup, a web server that did not start).
    for (const error of r.errors ?? []) {
      runErrors.push({ kind: "Playwright error outside of its tests", message: error.message ?? String(error), stack: "" });
    }
    return [r.stats.expected + (r.stats.flaky ?? 0), r.stats.unexpected];
  });
} else {
  check("e2e (skipped: the build failed)", false);
}

// The failures are named right above the closing line, so a log's tail says what failed.
if (runErrors.length) {
  console.log(`\nFailed outside of the tests:`);
  for (const error of runErrors) {
    const where = [error.where, error.test].filter(Boolean).join(" › ");
    console.log(
      `  ✖ ${error.kind}${where ? ` in ${where}` : ""}: ${error.message}${error.stack ? `\n${error.stack.replace(/^/gm, "      ")}` : ""}`,
    );
  }
}
if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  ✖ ${f}`).join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
