import "server-only";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { Language } from "@/lib/languages";
import {
  closeSpares,
  DEFAULT_LIMITS,
  isolationSupport,
  runIsolated,
  runUnsafeLocal,
  SCRATCH_ROOT,
  type IsolatedRun,
  type IsolationSupport,
  type Limits,
} from "@/lib/sandbox/isolation";
import { measureCoverage, type MeasuredHarness } from "@/lib/sandbox/coverage";
import { COMPILE_FAILED, harness, tail, type Harness, type Verdict, type VerdictStatus } from "@/lib/sandbox/languages";
import { toolchainVersion } from "@/lib/sandbox/toolchains";
import { checkTypeScript } from "@/lib/sandbox/typescript";
import { warmCache } from "@/lib/sandbox/warm";

/** Runs a candidate's code against its tests in the sandbox, in its language, and says how it went. */

export interface VerifyInput {
  language: string;
  code: string;
  tests: string;
}

export interface VerifyResult {
  status: VerdictStatus;
  reason: string;
  durationMs: number;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** The toolchain that ran it ("python3 3.11.2"); null when nothing ran. */
  toolchain: string | null;
  /** Line coverage of the tests over the code, when asked for and the language measures it. */
  coverage?: Coverage;
}

/** Lines of the solution (the code, not the tests) that the tests executed. */
export interface Coverage {
  covered: number;
  total: number;
  /** covered / total, 0–1. */
  ratio: number;
}

/**
 * "isolated": bubblewrap + cgroups + rlimits + an unprivileged uid, or refuse. "unsafe-local": the
 * operator's explicit opt-in (ROSETTA_SANDBOX=unsafe-local) to run code as the worker's own user
 * with only resource limits, for machines that cannot isolate and code one trusts.
 */
export type SandboxMode = "isolated" | "unsafe-local";

export type SandboxStatus = { ok: true; mode: SandboxMode; detail: string } | { ok: false; reason: string };

export function sandboxStatus(mode: SandboxMode = "isolated", support: IsolationSupport = isolationSupport()): SandboxStatus {
  if (support.ok)
    return {
      ok: true,
      mode: "isolated",
      detail: `isolated (bubblewrap, cgroup ${support.cgroups.version}, rlimits, unprivileged uid, ${support.seccomp ? "seccomp" : support.note})`,
    };
  if (mode === "unsafe-local")
    return { ok: true, mode, detail: `UNSAFE local execution without isolation (ROSETTA_SANDBOX=unsafe-local), because ${support.reason}` };
  return {
    ok: false,
    reason: `${support.reason}. To run code without isolation anyway (only code you trust), set ROSETTA_SANDBOX=unsafe-local`,
  };
}

/**
 * A runaway allocation in a slow language (bash doubling a string) can spend the whole time limit
 * growing without reaching the memory limit: the verdict is a timeout, and the reason says where
 * the time went.
 */
function memoryGrowth(run: IsolatedRun, limits: Limits): string {
  const mb = (run.peakMemoryBytes ?? 0) / (1024 * 1024);
  return mb >= limits.memoryMb * 0.6 ? `, its memory grown to ${Math.round(mb)} MB of the ${limits.memoryMb} MB limit` : "";
}

function limitReason(run: IsolatedRun, limits: Limits): Verdict | undefined {
  switch (run.stopped) {
    case "wall-time":
      return { status: "timeout", reason: `stopped after the wall-time limit of ${limits.wallMs / 1000} s${memoryGrowth(run, limits)}` };
    case "cpu-time":
      return { status: "timeout", reason: `stopped at the CPU-time limit of ${limits.cpuSeconds} s${memoryGrowth(run, limits)}` };
    case "memory":
      return { status: "fail", reason: `stopped at the memory limit of ${limits.memoryMb} MB` };
    case "pids":
      return { status: "fail", reason: `hit the limit of ${limits.pids} processes and threads (a fork bomb?)` };
    case "file-size":
      return { status: "fail", reason: `tried to write a file over the ${limits.fileSizeMb} MB limit` };
    case "output-flood":
      return { status: "fail", reason: "stopped for flooding its output (over 8 MB)" };
    default:
      return undefined;
  }
}

/** The verdict of a finished run: limits first, then "did not compile", the language's own signs, the exit code. */
export function judge(run: IsolatedRun, limits: Limits, languageJudge?: (run: IsolatedRun) => Verdict | undefined): Verdict {
  const limit = limitReason(run, limits);
  if (limit) return limit;
  if (run.exitCode === COMPILE_FAILED) return { status: "error", reason: `does not compile: ${tail(run.stderr || run.stdout)}` };
  const own = languageJudge?.(run);
  if (own) return own;
  if (run.exitCode === 0) return { status: "pass", reason: "all tests passed" };
  return {
    status: "fail",
    reason: `exit code ${run.exitCode}${run.stderr.trim() || run.stdout.trim() ? `: ${tail(run.stderr || run.stdout)}` : ""}`,
  };
}

export interface VerifyOptions {
  slot?: number;
  limits?: Partial<Limits>;
  mode?: SandboxMode;
}

/** What a run needs, before anything runs: the files, the script, its limits and mounts. */
export interface PreparedRun {
  language: Language;
  files: Record<string, string>;
  /** The harness's script, run after `prelude` (setting up a warm cache) when there is one. */
  script: string;
  prelude?: string;
  env: Record<string, string>;
  limits: Limits;
  judge?: Harness["judge"];
  /** When coverage is measured: reads it from the run's report, and gives back the run as it is without measuring. */
  finish?: MeasuredHarness["finish"];
}

/** The harness for an item, or the verdict already reached without running anything (a bad language, a type error). */
export async function prepareRun(
  input: VerifyInput,
  overrides: Partial<Limits> = {},
  { coverage = false }: { coverage?: boolean } = {},
): Promise<{ run: PreparedRun } | { verdict: Verdict }> {
  const language = Language.safeParse(input.language);
  if (!language.success)
    return { verdict: { status: "error", reason: `unsupported language "${input.language}" (supported: ${Language.options.join(", ")})` } };
  let typescriptOutput: string | undefined;
  let sourceMap: string | undefined;
  if (language.data === "typescript") {
    const checked = await checkTypeScript(`${input.code}\n\n${input.tests}\n`, { sourceMap: coverage });
    if (!checked.ok) return { verdict: { status: "error", reason: `does not type-check: ${checked.errors}` } };
    typescriptOutput = checked.javascript;
    sourceMap = checked.sourceMap;
  }
  const warm = await warmCache(language.data);
  const plain = harness(language.data, input.code, input.tests, { typescriptOutput, javacArchive: warm.javacArchive });
  const measured = coverage ? measureCoverage(language.data, plain, { code: input.code, sourceMap }) : undefined;
  const spec: Harness = measured ?? plain;
  return {
    run: {
      language: language.data,
      files: spec.files,
      script: spec.script,
      prelude: warm.prelude,
      env: spec.env ?? {},
      limits: { ...DEFAULT_LIMITS, ...spec.limits, ...overrides },
      judge: spec.judge,
      finish: measured?.finish,
    },
  };
}

/** Writes the run's files into a fresh folder the sandbox's user can read, for the length of `work`. */
export async function withRunFiles<T>(files: Record<string, string>, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(SCRATCH_ROOT, "rosetta-verify-"));
  try {
    await chmod(dir, 0o755); // readable by the sandbox's user, who copies the files into its own tmpfs
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text, { mode: 0o644 });
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface VerifyOptions {
  slot?: number;
  limits?: Partial<Limits>;
  mode?: SandboxMode;
  /** Measure line coverage of the tests over the code (COVERAGE_LANGUAGES: Python, JavaScript, TypeScript, Go, C++). */
  coverage?: boolean;
}

export async function verify(
  input: VerifyInput,
  { slot = 0, limits: overrides = {}, mode = "isolated", coverage = false }: VerifyOptions = {},
): Promise<VerifyResult> {
  const started = performance.now();
  const language = Language.safeParse(input.language);
  const toolchain = language.success ? await toolchainVersion(language.data) : null;
  const done = (verdict: Verdict, run?: IsolatedRun): VerifyResult => ({
    ...verdict,
    durationMs: Math.round(performance.now() - started),
    stdout: run?.stdout ?? "",
    stderr: run?.stderr ?? "",
    exitCode: run?.exitCode ?? null,
    toolchain,
  });
  const status = sandboxStatus(mode);
  if (language.success && !status.ok)
    throw new AppError("SANDBOX_UNAVAILABLE", `Code cannot be verified on this machine: ${status.reason}.`);
  const prepared = await prepareRun(input, overrides, { coverage });
  if ("verdict" in prepared) return done(prepared.verdict);
  const { files, prelude, env, limits, judge: languageJudge, finish } = prepared.run;
  const script = prelude ? `${prelude}; ${prepared.run.script}` : prepared.run.script;
  const report = finish !== undefined;
  const measured =
    status.ok && status.mode === "isolated"
      ? await runIsolated({ script, files, limits, slot, env, report })
      : await withRunFiles(files, (sourceDir) => runUnsafeLocal({ script, sourceDir, limits, env, report }));
  const { run, coverage: measuredCoverage } = finish ? finish(measured) : { run: measured };
  const result = done(judge(run, limits, languageJudge), run);
  return measuredCoverage ? { ...result, coverage: measuredCoverage } : result;
}

/** At most `size` runs at once, each on its own slot (its own uid), in arrival order. */
export class SandboxPool {
  private readonly free: number[];
  private readonly waiting: ((slot: number) => void)[] = [];

  constructor(
    size = Math.max(1, os.availableParallelism()),
    readonly mode: SandboxMode = "isolated",
  ) {
    this.free = Array.from({ length: size }, (_, i) => i);
  }

  status(): SandboxStatus {
    return sandboxStatus(this.mode);
  }

  /** Stops the sandboxes started ahead for the next runs (a process that is done verifying). */
  async close(): Promise<void> {
    await closeSpares();
  }

  async verify(input: VerifyInput, options: { limits?: Partial<Limits>; coverage?: boolean } = {}): Promise<VerifyResult> {
    const slot = this.free.pop() ?? (await new Promise<number>((resolve) => this.waiting.push(resolve)));
    try {
      return await verify(input, { ...options, slot, mode: this.mode });
    } finally {
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.free.push(slot);
    }
  }
}
