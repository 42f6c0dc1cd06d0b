/**
 * `npm run bench:sandbox`: the model server bank's correct programs (6 per language, all ten
 * languages) run through the sandbox (bubblewrap, cgroup, rlimits, unprivileged uid, files bound
 * read-only, verdict judged) and through the bare toolchain (the same harness script with plain bash
 * in a temporary folder, no isolation), at concurrency 2, in the same run. Rounds alternate bare and
 * sandbox per language so that machine noise hits both; each side keeps its best round.
 * Prints runs/minute per language and mode; the last line is JSON with `ratio` (the worst language's
 * wall-time ratio), and the worst interpreted and worst compiled language named. Target: ≤ 1.2 in
 * every language (issue 21).
 * Each language also gets `cpuRatio`: the CPU time both sides spent (this process's own and its
 * children's, the sandbox's whole chain included, over all rounds), which a machine busy with other
 * work changes far less than wall time. It counts only processes their parents waited for, which
 * the chain does down to the box's process 1 (a reaper process that exits unwaited, as bubblewrap's
 * own pid 1 did before `--as-pid-1`, hides the run's CPU), and leaves out the kernel's own threads
 * (a namespace torn down after a run): a floor for the sandbox's cost, not the cost.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
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
/** BENCH_LANGUAGES=python,bash: only these (quick loops); all ten by default. */
const ONLY = process.env.BENCH_LANGUAGES?.split(",").filter(Boolean);
const INTERPRETED: Language[] = ["python", "javascript", "typescript", "php", "bash"];

/**
 * The harness script in a plain temporary folder: what a developer would run by hand. Go uses one
 * warm, writable GOCACHE for all its runs, as on a developer's machine (the sandbox reads its warm
 * cache read-only and keeps nothing a run builds).
 */
async function bareRun(prepared: PreparedRun, goCache: string): Promise<number | null> {
  return withRunFiles(prepared.files, async (dir) => {
    const tmp = `${dir}/.tmp`;
    const script =
      prepared.language === "go"
        ? `${prepared.script}`.replace('GOCACHE="${GOCACHE:-$TMPDIR/gocache}"', `GOCACHE="${goCache}"`)
        : prepared.script;
    const child = spawn("/bin/bash", ["-c", `mkdir -p ${tmp} && ${script}`], {
      cwd: dir,
      stdio: ["ignore", "ignore", "ignore"],
      env: bareEnv({ PATH: "/usr/local/bin:/usr/bin:/bin", HOME: tmp, TMPDIR: tmp, LANG: "C.UTF-8", SRC: ".", ...prepared.env }),
    });
    return new Promise((resolve) => child.on("close", (code) => resolve(code)));
  });
}

/** CPU milliseconds of this process and of its children that have been waited for (/proc/self/stat: utime, stime, cutime, cstime). */
function cpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  const ticks = [11, 12, 13, 14].reduce((sum, field) => sum + Number(fields[field]), 0);
  return (ticks * 1000) / 100; // USER_HZ
}

async function timed(jobs: (() => Promise<void>)[], cpu: { ms: number }): Promise<number> {
  const cpuBefore = cpuMs();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
  const elapsed = performance.now() - started;
  cpu.ms += cpuMs() - cpuBefore;
  return elapsed;
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
    cpuRatio: number;
  }[] = [];
  for (const language of LANGUAGES.filter((language) => !ONLY || ONLY.includes(language))) {
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
    const bareCpu = { ms: 0 };
    const sandboxCpu = { ms: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      // The bare side pays for preparing the run too (TypeScript's type-check, files written), as verify() does.
      bare = Math.min(
        bare,
        await timed(
          programs.map((program) => async () => {
            const prepared = await prepareRun(program);
            if ("run" in prepared) await bareRun(prepared.run, goCache);
          }),
          bareCpu,
        ),
      );
      sandboxed = Math.min(
        sandboxed,
        await timed(
          programs.map((program) => async () => void (await pool.verify(program))),
          sandboxCpu,
        ),
      );
    }
    const perMinute = (ms: number) => Math.round((programs.length / ms) * 60_000);
    const line = {
      language,
      kind: INTERPRETED.includes(language) ? ("interpreted" as const) : ("compiled" as const),
      bareRunsPerMinute: perMinute(bare),
      sandboxRunsPerMinute: perMinute(sandboxed),
      ratio: Number((sandboxed / bare).toFixed(3)),
      cpuRatio: Number((sandboxCpu.ms / bareCpu.ms).toFixed(3)),
    };
    lines.push(line);
    console.error(
      `${language.padEnd(11)} ${line.kind.padEnd(12)} bare ${String(line.bareRunsPerMinute).padStart(5)} runs/min   sandbox ${String(line.sandboxRunsPerMinute).padStart(5)} runs/min   ratio ${line.ratio.toFixed(2)}   CPU ratio ${line.cpuRatio.toFixed(2)}`,
    );
  }
  await rm(goCache, { recursive: true, force: true });
  const worst = (kind: "interpreted" | "compiled") => {
    const of = lines.filter((l) => l.kind === kind);
    if (!of.length) return null;
    const line = of.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    return { language: line.language, ratio: line.ratio };
  };
  console.log(
    JSON.stringify({
      ratio: Math.max(...lines.map((line) => line.ratio)),
      target: 1.2,
      worstInterpreted: worst("interpreted"),
      worstCompiled: worst("compiled"),
      worstCpuRatio: lines.reduce((a, b) => (b.cpuRatio > a.cpuRatio ? b : a)).cpuRatio,
      concurrency: CONCURRENCY,
      programsPerLanguage: Object.values(BANK.python).length * REPEAT,
      rounds: ROUNDS,
      languages: Object.fromEntries(
        lines.map(({ language, bareRunsPerMinute, sandboxRunsPerMinute, ratio, cpuRatio }) => [
          language,
          { bareRunsPerMinute, sandboxRunsPerMinute, ratio, cpuRatio },
        ]),
      ),
    }),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
