/**
 * `node --import ./bin/register.js scripts/eval-check-canonical.ts [suite[:language,…] …] [--limit N] [--concurrency N]`:
 * runs every canonical solution of the bundled suites through its harness in the sandbox (lib/eval/harness.ts),
 * and writes those that fail their own tests to data/benchmarks/excluded.json with the reason, so that
 * evaluations leave them out of the scores (counted as excluded). Entries of the suites and languages checked
 * are replaced; others are kept. Prints, per suite and language, how many canonical solutions pass.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { canonicalInput } from "@/lib/eval/harness";
import { bundledSuite, EXCLUDED_FILE, isBundledSuite, suiteLanguages, type ExcludedProblem } from "@/lib/eval/suites";
import { BUNDLED_SUITES } from "@/lib/eval/types";
import { benchmarksDir } from "@/lib/quality/benchmarks";
import { SandboxPool } from "@/lib/sandbox/verify";
import { env } from "@/lib/env";

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const [, value] = args.splice(at, 2);
  return value;
};
const limitOption = option("--limit");
const limit = limitOption ? Number(limitOption) : undefined;
const concurrency = Number(option("--concurrency") ?? 2);
const targets = (args.length ? args : [...BUNDLED_SUITES]).map((arg) => {
  const [suite, languages] = arg.split(":");
  if (!suite || !isBundledSuite(suite)) throw new Error(`Unknown suite "${suite}" (${BUNDLED_SUITES.join(", ")}).`);
  return { suite, languages: languages?.split(",") };
});

const file = path.join(benchmarksDir(), EXCLUDED_FILE);
const previous: ExcludedProblem[] = existsSync(file)
  ? (JSON.parse(readFileSync(file, "utf8")) as { problems: ExcludedProblem[] }).problems
  : [];
const checked = new Set<string>();
const failures: ExcludedProblem[] = [];
const pool = new SandboxPool(concurrency, env.ROSETTA_SANDBOX);
const table: string[] = [];

/** Written after every language, so that a long check interrupted keeps what it found. */
function write(): void {
  const kept = previous.filter((problem) => !checked.has(`${problem.suite}/${problem.language}`));
  const problems = [...kept, ...failures].sort(
    (a, b) =>
      a.suite.localeCompare(b.suite) || a.language.localeCompare(b.language) || a.taskId.localeCompare(b.taskId, "en", { numeric: true }),
  );
  writeFileSync(
    file,
    `${JSON.stringify({ note: "Written by scripts/eval-check-canonical.ts: canonical solutions that fail their own tests in Rosetta's sandbox, left out of evaluation scores.", problems }, null, 2)}\n`,
  );
}

for (const { suite, languages } of targets) {
  const all = bundledSuite(suite);
  for (const language of languages ?? suiteLanguages(all)) {
    const problems = all.filter((problem) => problem.language === language).slice(0, limit);
    const withCanonical = problems.filter((problem) => problem.canonical);
    if (!withCanonical.length) {
      table.push(`${suite}\t${language}\t${problems.length} problems\tno canonical solutions`);
      continue;
    }
    checked.add(`${suite}/${language}`);
    const started = Date.now();
    let passed = 0;
    await Promise.all(
      withCanonical.map(async (problem) => {
        const result = await pool.verify(canonicalInput(problem)!);
        if (result.status === "pass") passed += 1;
        else failures.push({ suite, language, taskId: problem.taskId, reason: `${result.status}: ${result.reason}`.slice(0, 400) });
      }),
    );
    const line = `${suite}\t${language}\t${passed}/${withCanonical.length} canonical solutions pass\t(${((Date.now() - started) / 1000).toFixed(0)} s)`;
    table.push(line);
    process.stderr.write(`${line}\n`);
    write();
  }
}
await pool.close();

console.log(table.join("\n"));
