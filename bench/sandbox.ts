/**
 * `npm run bench:sandbox`: the model server bank's correct programs (6 per language, all ten
 * languages) run through the sandbox (bubblewrap, cgroup, prlimit, unprivileged uid, files copied in,
 * verdict judged) and through the bare toolchain (the same harness script with plain bash in a
 * temporary folder, no isolation), at concurrency 2, in the same run. Rounds alternate bare and
 * sandbox per language so that machine noise hits both; each side keeps its best round.
 * Prints runs/minute per language and mode; the last line is JSON with `ratio` (the worst language),
 * and the worst interpreted and worst compiled language named. Targets: ≤ 1.5 interpreted, ≤ 1.3 compiled.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LANGUAGES, type Language } from "@/lib/languages";
import { BANK } from "@/model-server/bank";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { bareEnv } from "@/lib/sandbox/toolchains";
import { prepareRun, SandboxPool, withRunFiles, type PreparedRun } from "@/lib/sandbox/verify";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 2);
const CONCURRENCY = 2;
const INTERPRETED: Language[] = ["python", "javascript", "typescript", "php", "bash"];

/**
 * The harness script in a plain temporary folder: what a developer would run by hand. Go uses one
 * warm GOCACHE for all its runs, as on a developer's machine (the sandbox copies its warm cache
 * into each run's tmpfs, which is part of what is measured).
 */
async function bareRun(prepared: PreparedRun, goCache: string): Promise<number | null> {
  return withRunFiles(prepared.files, async (dir) => {
    const tmp = `${dir}/.tmp`;
    const script =
      prepared.language === "go" ? `${prepared.script}`.replace('GOCACHE="$TMPDIR/gocache"', `GOCACHE="${goCache}"`) : prepared.script;
    const child = spawn("/bin/bash", ["-c", `mkdir -p ${tmp} && ${script}`], {
      cwd: dir,
      stdio: ["ignore", "ignore", "ignore"],
      env: bareEnv({ PATH: "/usr/local/bin:/usr/bin:/bin", HOME: tmp, TMPDIR: tmp, LANG: "C.UTF-8", SRC: ".", ...prepared.env }),
    });
    return new Promise((resolve) => child.on("close", (code) => resolve(code)));
  });
}

async function timed(jobs: (() => Promise<void>)[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
  return performance.now() - started;
}

async function main() {
  const support = isolationSupport();
  if (!support.ok) {
    console.error(`bench:sandbox needs the sandbox: ${support.reason}`);
    process.exit(1);
  }
  const pool = new SandboxPool(CONCURRENCY);
  const goCache = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-gocache-"));
  const lines: {
    language: Language;
    kind: "interpreted" | "compiled";
    bareRunsPerMinute: number;
    sandboxRunsPerMinute: number;
    ratio: number;
  }[] = [];
  for (const language of LANGUAGES) {
    const programs = Object.values(BANK[language]).flatMap((entry) =>
      Array.from({ length: REPEAT }, () => ({ language, code: entry.solution, tests: entry.tests })),
    );
    // Warm both paths (caches, page cache, the TypeScript checker) and check that the programs pass.
    for (const program of programs.slice(0, 2)) {
      const result = await pool.verify(program);
      if (result.status !== "pass") throw new Error(`${language}: the bank's program does not pass in the sandbox: ${result.reason}`);
      const prepared = await prepareRun(program);
      if (!("run" in prepared) || (await bareRun(prepared.run, goCache)) !== 0)
        throw new Error(`${language}: the bank's program does not pass bare`);
    }
    let bare = Infinity;
    let sandboxed = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      // The bare side pays for preparing the run too (TypeScript's type-check, files written), as verify() does.
      bare = Math.min(
        bare,
        await timed(
          programs.map((program) => async () => {
            const prepared = await prepareRun(program);
            if ("run" in prepared) await bareRun(prepared.run, goCache);
          }),
        ),
      );
      sandboxed = Math.min(sandboxed, await timed(programs.map((program) => async () => void (await pool.verify(program)))));
    }
    const perMinute = (ms: number) => Math.round((programs.length / ms) * 60_000);
    const line = {
      language,
      kind: INTERPRETED.includes(language) ? ("interpreted" as const) : ("compiled" as const),
      bareRunsPerMinute: perMinute(bare),
      sandboxRunsPerMinute: perMinute(sandboxed),
      ratio: Number((sandboxed / bare).toFixed(3)),
    };
    lines.push(line);
    console.error(
      `${language.padEnd(11)} ${line.kind.padEnd(12)} bare ${String(line.bareRunsPerMinute).padStart(5)} runs/min   sandbox ${String(line.sandboxRunsPerMinute).padStart(5)} runs/min   ratio ${line.ratio.toFixed(2)}`,
    );
  }
  await rm(goCache, { recursive: true, force: true });
  const worst = (kind: "interpreted" | "compiled") => lines.filter((l) => l.kind === kind).reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const interpreted = worst("interpreted");
  const compiled = worst("compiled");
  console.log(
    JSON.stringify({
      ratio: Math.max(interpreted.ratio, compiled.ratio),
      worstInterpreted: { language: interpreted.language, ratio: interpreted.ratio, target: 1.5 },
      worstCompiled: { language: compiled.language, ratio: compiled.ratio, target: 1.3 },
      concurrency: CONCURRENCY,
      programsPerLanguage: Object.values(BANK.python).length * REPEAT,
      rounds: ROUNDS,
      languages: Object.fromEntries(
        lines.map(({ language, bareRunsPerMinute, sandboxRunsPerMinute, ratio }) => [
          language,
          { bareRunsPerMinute, sandboxRunsPerMinute, ratio },
        ]),
      ),
    }),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
