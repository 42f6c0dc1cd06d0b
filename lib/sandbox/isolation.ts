import "server-only";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, chmodSync, closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm, rmdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Cgroup, destroyIdleCgroups, findCgroups, V1_CONTROLLERS, type Cgroups } from "@/lib/sandbox/cgroup";
import { hostSeccompFilter } from "@/lib/sandbox/seccomp";
import { stopCause, type StopCause } from "@/lib/sandbox/stop-cause";
import { bareEnv } from "@/lib/sandbox/toolchains";
import { CACHE_ROOT, ensureCacheRoot } from "@/lib/sandbox/warm";

/**
 * Running untrusted code (../shared/recipes/code-sandbox.md): bubblewrap namespaces (no network,
 * read-only system, a tmpfs work dir, no user namespaces inside), a cgroup per run (memory, pids,
 * one CPU), resource limits (CPU time, file size, open files, no core), an unprivileged uid per slot
 * (no new privileges, no capabilities), a seccomp filter (lib/sandbox/seccomp.ts), a
 * cleared environment. The code's files are bound read-only at /src (the work dir /box is the
 * sandbox's own tmpfs), and results come back only through the pipes (capped; a harness's own
 * report, such as line coverage, on a pipe of its own at fd 6): the server never
 * reads a path the sandbox could have written. Nothing inside tells of the host: bubblewrap starts
 * from / with only the box's environment, and takes its options, with the job folder's host path,
 * from a file it is handed open rather than its command line; the box's process 1 is its bash, whose command line
 * and environment are the box's own.
 */

export interface Limits {
  /** Wall clock for the whole script (compile + run). */
  wallMs: number;
  /** CPU seconds (RLIMIT_CPU): SIGXCPU past it. */
  cpuSeconds: number;
  /** Memory cgroup limit; the tmpfs work dir counts against it. */
  memoryMb: number;
  /** Processes and threads (pids cgroup). */
  pids: number;
  /** Largest file the code may write (RLIMIT_FSIZE). */
  fileSizeMb: number;
  /** Kept per stream; more is counted, not kept. */
  outputBytes: number;
}

export const DEFAULT_LIMITS: Limits = { wallMs: 20_000, cpuSeconds: 15, memoryMb: 768, pids: 256, fileSizeMb: 16, outputBytes: 16_384 };

/** Output beyond this (per run, both streams) is a flood: the run is stopped. */
const FLOOD_BYTES = 8 * 1024 * 1024;

export interface IsolatedRun {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  cpuMs: number | null;
  peakMemoryBytes: number | null;
  /** Why the run was stopped from outside, when it was. */
  stopped: StopCause | null;
  /** What the harness wrote to REPORT_FD (capped), when the run asked for a report. */
  report?: string;
}

export type IsolationSupport = { ok: true; cgroups: Cgroups; seccomp: Buffer | null; note?: string } | { ok: false; reason: string };

/**
 * Where a run's source files are written: a memory filesystem when the machine has one (they are
 * small and short-lived; on a disk, creating and removing them costs more than some runs).
 */
export const SCRATCH_ROOT = (() => {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return os.tmpdir();
  }
})();

const which = (command: string) => {
  try {
    return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
};

let support: IsolationSupport | undefined;

/** Whether this machine can isolate runs, and if not, exactly why. */
export function isolationSupport(): IsolationSupport {
  if (support) return support;
  if (!which("bwrap")) return (support = { ok: false, reason: "bwrap not installed (apt-get install bubblewrap)" });
  if (process.getuid?.() !== 0)
    return (support = { ok: false, reason: "the worker is not root, so it can neither create cgroups nor switch to the sandbox's user" });
  const cgroups = findCgroups();
  if (!cgroups) return (support = { ok: false, reason: "no usable cgroup controllers (memory, pids, cpu) under /sys/fs/cgroup" });
  const seccomp = hostSeccompFilter();
  return (support = seccomp.filter
    ? { ok: true, cgroups, seccomp: seccomp.filter }
    : { ok: true, cgroups, seccomp: null, note: seccomp.note });
}

/** The unprivileged account of a sandbox slot, created on first use. */
const slotUsers = new Map<number, { uid: number; gid: number; name: string }>();

export function slotUser(slot: number): { uid: number; gid: number; name: string } {
  let user = slotUsers.get(slot);
  if (!user) slotUsers.set(slot, (user = lookUpSlotUser(slot)));
  return user;
}

function lookUpSlotUser(slot: number): { uid: number; gid: number; name: string } {
  const name = `rosetta-sbx${slot}`;
  const id = (flag: string) => Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g"), name };
  } catch {
    execFileSync("useradd", [
      "--system",
      "--user-group",
      "--no-create-home",
      "--home-dir",
      "/nonexistent",
      "--shell",
      "/usr/sbin/nologin",
      name,
    ]);
    return { uid: id("-u"), gid: id("-g"), name };
  }
}

/** The whole environment of the box's processes, bubblewrap's own included: nothing inherited from the host. */
const BOX_ENV = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: "/tmp", LANG: "C.UTF-8", TMPDIR: "/tmp" } as const;

/** The pipes (beyond stdin, stdout, stderr) a spare's chain is started with: bubblewrap reads its options and filter from them. */
const INFO_FD = 3;
const ARGS_FD = 4;
const SECCOMP_FD = 5;
/**
 * Left open in the box for the harness's report (coverage), so that what it measures never mixes
 * with the output the code printed. Closed before the run's script when the run asks for no report.
 */
export const REPORT_FD = 6;
/** A report is a summary, not output: past this it is cut (and unreadable, so ignored). */
const REPORT_BYTES = 1024 * 1024;

/** What the sandbox sees of the host: the system read-only, nothing of /root, /home, /var or /sys. */
function bwrapArgs(sourceDir: string, extraBinds: readonly string[], seccomp: boolean): string[] {
  const args = [
    "--unshare-user",
    "--unshare-pid",
    "--unshare-net",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--disable-userns",
    "--die-with-parent",
    // The box's bash is its process 1, with no reaper process beside it (one more process per run
    // otherwise): it reaps what the code orphans, and when it exits the kernel kills what is left.
    "--as-pid-1",
    "--new-session",
    "--hostname",
    "sandbox",
    "--ro-bind",
    "/usr",
    "/usr",
    "--symlink",
    "usr/bin",
    "/bin",
    "--symlink",
    "usr/lib",
    "/lib",
    "--symlink",
    "usr/lib64",
    "/lib64",
    "--symlink",
    "usr/sbin",
    "/sbin",
    "--ro-bind",
    "/etc",
    "/etc",
    "--proc",
    "/proc",
    // A minimal /dev (no pseudo-terminals): cheaper to set up than --dev, and all a test needs.
    "--tmpfs",
    "/dev",
    ...["null", "zero", "full", "random", "urandom"].flatMap((name) => ["--dev-bind", `/dev/${name}`, `/dev/${name}`]),
    "--symlink",
    "/proc/self/fd",
    "/dev/fd",
    "--symlink",
    "/proc/self/fd/0",
    "/dev/stdin",
    "--symlink",
    "/proc/self/fd/1",
    "/dev/stdout",
    "--symlink",
    "/proc/self/fd/2",
    "/dev/stderr",
    "--tmpfs",
    "/tmp",
    "--tmpfs",
    "/box",
    "--ro-bind",
    sourceDir,
    "/src",
    "--chdir",
    "/box",
    "--clearenv",
    ...Object.entries({ ...BOX_ENV, SRC: "/src" }).flatMap(([key, value]) => ["--setenv", key, value]),
    ...(seccomp ? ["--seccomp", String(SECCOMP_FD)] : []),
  ];
  for (const bind of extraBinds) if (existsSync(bind)) args.push("--ro-bind", bind, bind);
  return args;
}

/**
 * A sandbox started ahead of its run: the whole chain (the uid, bwrap's namespaces and mounts, the
 * box's process 1 in its cgroup with its resource limits) is up and its bash waits for "go" on stdin. Most of that start-up is the
 * kernel waiting, not working, so starting the next sandbox while the current one runs keeps it
 * off the run's critical path. The run's files go into a folder the sandbox sees read-only as
 * /src (harness scripts read them from "$SRC"; nothing is copied); it works in its tmpfs /box.
 * A spare is used for one run only, then thrown away.
 */
interface Spare {
  child: ChildProcess;
  cgroup: Cgroup;
  /** Bound read-only at /src: the run's files. */
  jobDir: string;
  /** Resolves once the sandbox is up and waiting. */
  ready: Promise<void>;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const spares = new Map<number, Promise<Spare>>();
const RUN_SCRIPT = ".rosetta-run.sh";

async function startSpare(slot: number, { cgroups, seccomp }: { cgroups: Cgroups; seccomp: Buffer | null }): Promise<Spare> {
  await cleanStaleCgroups(cgroups);
  const user = slotUser(slot);
  const cgroup = await Cgroup.acquire(cgroups, { memoryMb: DEFAULT_LIMITS.memoryMb, pids: DEFAULT_LIMITS.pids });
  await ensureCacheRoot();
  // Synchronous, as the cgroup's files (lib/sandbox/cgroup.ts): on a memory filesystem a promise's
  // trip through the thread pool costs far more CPU than the operation.
  const jobDir = mkdtempSync(path.join(SCRATCH_ROOT, `rosetta-job-${process.pid}-`));
  chmodSync(jobDir, 0o755); // readable by the sandbox's user
  // bubblewrap is started directly as the sandbox's user (the spawn sets the uid and gid and drops
  // the supplementary groups; bubblewrap then drops every capability and sets no-new-privs): a
  // wrapper program in the chain costs another program's start per run. It writes the host pid of
  // the box's process 1 to INFO_FD; the worker puts that process in the cgroup before it sends
  // "go", so the run and all it starts are in the group. Before reading "go" (and before anything
  // of the run exists) the box's bash sets the resource limits the run's script can only lower.
  const boxShell = [
    `exec ${INFO_FD}>&- ${ARGS_FD}<&- ${SECCOMP_FD}<&-`,
    "ulimit -n 1024 && ulimit -c 0 || exit 113",
    `IFS= read -r go && [ "$go" = go ] || exit 111`,
    `. /src/${RUN_SCRIPT}`,
  ].join("; ");
  // Its options and filter as files opened for it (each open its own offset), not pipes: a pipe
  // costs the worker a socket object per run.
  const handed = [
    handOver(jobDir, `${bwrapArgs(jobDir, [CACHE_ROOT], seccomp !== null).join("\0")}\0`),
    handOver(jobDir, seccomp ?? Buffer.alloc(0)),
  ];
  // From / with the box's environment: the box's process 1 starts with nothing of the host's.
  let child: ChildProcess;
  try {
    child = spawn("bwrap", ["--info-fd", String(INFO_FD), "--args", String(ARGS_FD), "--", "/bin/bash", "-c", boxShell], {
      stdio: ["pipe", "pipe", "pipe", "pipe", ...handed, "pipe"],
      detached: true,
      cwd: "/",
      env: bareEnv(BOX_ENV),
      uid: user.uid,
      gid: user.gid,
    });
  } finally {
    for (const fd of handed) closeSync(fd);
  }
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  child.on("error", () => undefined); // reported through `closed`
  const info = child.stdio[INFO_FD] as NodeJS.ReadableStream;
  // Ready once the box's process 1 is in the cgroup: it waits for "go" before the run starts anything.
  const ready = new Promise<void>((resolve, reject) => {
    const written: Buffer[] = [];
    info.on("data", (chunk: Buffer) => written.push(chunk));
    info.once("end", () => {
      const boxPid = Number(/"child-pid"\s*:\s*(\d+)/.exec(Buffer.concat(written).toString("utf8"))?.[1]);
      if (!boxPid) return; // bubblewrap failed before starting the box: reported through `closed`
      try {
        for (const file of cgroup.procFiles) writeFileSync(file, String(boxPid));
        resolve();
      } catch (error) {
        reject(new Error(`the sandbox could not join its cgroup: ${(error as Error).message}`));
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }
    });
    void closed.then(({ code }) => reject(new Error(`the sandbox exited before its run (exit ${code}): is bubblewrap working?`)));
  });
  ready.catch(() => undefined);
  // A waiting spare must not keep the process alive.
  child.unref();
  for (const stream of child.stdio as unknown as ({ unref?: () => void } | null)[]) stream?.unref?.();
  return { child, cgroup, jobDir, ready, closed };
}

/** A file descriptor reading `content` from its start, for a child to inherit: the file is gone once it is closed. */
function handOver(dir: string, content: string | Buffer): number {
  const file = path.join(dir, `.rosetta-${randomBytes(6).toString("hex")}`);
  writeFileSync(file, content, { mode: 0o600 });
  try {
    return openSync(file, "r");
  } finally {
    unlinkSync(file);
  }
}

/** This slot's spare (starting one if there is none), and the next one started behind it. */
function takeSpare(slot: number, isolation: { cgroups: Cgroups; seccomp: Buffer | null }): Promise<Spare> {
  const spare = spares.get(slot) ?? startSpare(slot, isolation);
  const next = startSpare(slot, isolation);
  next.catch(() => spares.delete(slot));
  spares.set(slot, next);
  return spare;
}

/** Runs' clean-up (the cgroup back to idle, the job folder removed), done off their critical path. */
const finishing = new Set<Promise<void>>();

/**
 * Stops the spares waiting in this process and removes every job folder and cgroup it made, before
 * it returns (a worker shutting down): nothing is left for a later start to sweep.
 */
export async function closeSpares(): Promise<void> {
  const waiting = [...spares.values()];
  spares.clear();
  await Promise.all(
    (await Promise.allSettled(waiting)).map(async (spare) => {
      if (spare.status !== "fulfilled") return;
      // Waiting for it to exit must keep the process alive (a waiting spare is unref'd).
      spare.value.child.ref();
      for (const stream of spare.value.child.stdio as unknown as ({ ref?: () => void } | null)[]) stream?.ref?.();
      try {
        process.kill(-spare.value.child.pid!, "SIGKILL");
      } catch {
        // gone
      }
      await spare.value.closed;
      await Promise.all([spare.value.cgroup.destroy(), rm(spare.value.jobDir, { recursive: true, force: true })]);
    }),
  );
  await Promise.allSettled([...finishing]);
  await destroyIdleCgroups();
}

/** The run's script with its limits lowered to what the run allows (a sandbox cannot raise them again). */
function runScript(script: string, limits: Limits, env: Record<string, string>, report: boolean): string {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  return [
    // On the first line with the limits: bash's messages name the script's lines, as without a report.
    `${report ? "" : `exec ${REPORT_FD}>&-; `}ulimit -S -t ${limits.cpuSeconds} && ulimit -H -t ${limits.cpuSeconds + 1} && ulimit -f ${limits.fileSizeMb * 1024} || exit 112`,
    ...Object.entries(env).map(([key, value]) => `export ${key}=${quote(value)}`),
    "cd /box",
    script,
    "",
  ].join("\n");
}

/**
 * Runs `script` (bash) inside the sandbox, with `files` in its work dir /box. The sandbox is a
 * spare started ahead for this slot.
 */
export async function runIsolated({
  script,
  files,
  limits,
  slot,
  env = {},
  report = false,
}: {
  script: string;
  files: Record<string, string>;
  limits: Limits;
  slot: number;
  env?: Record<string, string>;
  /** Keep REPORT_FD open for the script and return what it wrote there. */
  report?: boolean;
}): Promise<IsolatedRun> {
  const isolation = isolationSupport();
  if (!isolation.ok) throw new Error(`sandbox unavailable: ${isolation.reason}`);
  const spare = await takeSpare(slot, isolation);
  const { child, cgroup, jobDir } = spare;
  // From here the run keeps the process alive (a waiting spare does not).
  child.ref();
  for (const stream of child.stdio as unknown as ({ ref?: () => void } | null)[]) stream?.ref?.();
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(jobDir, path.basename(name)), text, { mode: 0o644 });
    writeFileSync(path.join(jobDir, RUN_SCRIPT), runScript(script, limits, env, report), { mode: 0o644 });
    await Promise.all([cgroup.setLimits(cgroup.limits, limits), spare.ready]);
    const run = capture(child, spare.closed, limits, () => void cgroup.killAll(), report);
    child.stdin!.end("go\n");
    const result = await run;
    if (result.exitCode === 111 || result.exitCode === 112 || result.exitCode === 113)
      throw new Error(`the sandbox did not start the run (exit ${result.exitCode}): ${result.stderr.trim().slice(0, 500)}`);
    const stats = await cgroup.stats();
    const stopped = stopCause({ observed: result.stopped, exitCode: result.exitCode, stats, limits });
    return { ...result, cpuMs: stats.cpuMs, peakMemoryBytes: stats.peakMemoryBytes, stopped };
  } finally {
    // The job folder (a few small files in memory) goes at once; the group goes back to the idle
    // list off the run's critical path: its pid namespace died with it, so nothing is left to kill
    // but a stopped run's stragglers, which destroy() handles as it removes the group.
    rmSync(jobDir, { recursive: true, force: true });
    const cleanup = cgroup.release().then(
      () => undefined,
      () => undefined,
    );
    finishing.add(cleanup);
    void cleanup.finally(() => finishing.delete(cleanup));
  }
}

let staleCleaned: Promise<void> | undefined;

/** Removes the cgroups and job folders of Rosetta processes that died without cleaning up (their spares'). */
function cleanStaleCgroups(cgroups: Cgroups): Promise<void> {
  staleCleaned ??= (async () => {
    const dead = (name: string, pattern: RegExp) => {
      const pid = Number(pattern.exec(name)?.[1]);
      return pid > 0 && pid !== process.pid && !existsSync(`/proc/${pid}`);
    };
    const roots = cgroups.version === "v1" ? V1_CONTROLLERS.map((controller) => path.join(cgroups.root, controller)) : [cgroups.root];
    for (const root of roots) {
      for (const name of await readdir(root).catch(() => [] as string[]))
        if (dead(name, /^rosetta-(\d+)-/)) await rmdir(path.join(root, name)).catch(() => undefined);
    }
    for (const name of await readdir(SCRATCH_ROOT).catch(() => [] as string[])) {
      if (dead(name, /^rosetta-job-(\d+)-/)) await rm(path.join(SCRATCH_ROOT, name), { recursive: true, force: true });
    }
  })();
  return staleCleaned;
}

/** Waits for a run, keeping at most `outputBytes` of each stream, stopping it on a flood or at the wall-time limit. */
async function capture(
  child: ChildProcess,
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  limits: Limits,
  kill: () => void,
  report: boolean,
): Promise<IsolatedRun> {
  const started = performance.now();
  let stopped: IsolatedRun["stopped"] = null;
  let total = 0;
  const stop = (reason: NonNullable<IsolatedRun["stopped"]>) => {
    stopped ??= reason;
    kill();
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // gone
    }
  };
  const keep = (stream: NodeJS.ReadableStream) => {
    const kept: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (size < limits.outputBytes) {
        kept.push(chunk.subarray(0, limits.outputBytes - size));
        size += Math.min(chunk.length, limits.outputBytes - size);
      }
      if (total > FLOOD_BYTES) stop("output-flood");
    });
    return () => Buffer.concat(kept).toString("utf8");
  };
  const stdout = keep(child.stdout!);
  const stderr = keep(child.stderr!);
  const reported: Buffer[] = [];
  let reportSize = 0;
  (child.stdio as unknown as (NodeJS.ReadableStream | null | undefined)[])[REPORT_FD]?.on("data", (chunk: Buffer) => {
    if (reportSize < REPORT_BYTES) reported.push(chunk.subarray(0, REPORT_BYTES - reportSize));
    reportSize += chunk.length;
  });
  const timer = setTimeout(() => stop("wall-time"), limits.wallMs);
  const { code, signal } = await closed;
  clearTimeout(timer);
  return {
    exitCode: code,
    signal,
    stdout: stdout(),
    stderr: stderr(),
    wallMs: Math.round(performance.now() - started),
    cpuMs: null,
    peakMemoryBytes: null,
    stopped,
    ...(report && { report: reportSize > REPORT_BYTES ? "" : Buffer.concat(reported).toString("utf8") }),
  };
}

/**
 * The operator's explicit opt-in (ROSETTA_SANDBOX=unsafe-local) on a machine that cannot isolate:
 * the script runs as the worker's own user in a scratch directory, with a cleared environment,
 * prlimit's CPU, file-size and open-file limits and the wall-time limit, and nothing else. Only for
 * code you would run yourself.
 */
export async function runUnsafeLocal({
  script,
  sourceDir,
  limits,
  env = {},
  report = false,
}: {
  script: string;
  sourceDir: string;
  limits: Limits;
  env?: Record<string, string>;
  report?: boolean;
}): Promise<IsolatedRun> {
  const box = await mkdtemp(path.join(SCRATCH_ROOT, "rosetta-unsafe-"));
  try {
    await cp(sourceDir, box, { recursive: true });
    const tmp = path.join(box, ".tmp");
    await mkdir(tmp);
    const limited = which("prlimit")
      ? [
          "prlimit",
          `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
          `--fsize=${limits.fileSizeMb * 1024 * 1024}`,
          "--nofile=1024",
          "--core=0",
          "--",
        ]
      : [];
    const [command, ...args] = [...limited, "/bin/bash", "-c", script];
    const child = spawn(command!, args, {
      cwd: box,
      stdio: report ? ["ignore", "pipe", "pipe", "ignore", "ignore", "ignore", "pipe"] : ["ignore", "pipe", "pipe"],
      detached: true,
      env: bareEnv({ PATH: "/usr/local/bin:/usr/bin:/bin", HOME: tmp, TMPDIR: tmp, LANG: "C.UTF-8", SRC: ".", ...env }),
    });
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("close", (code, signal) => resolve({ code, signal })),
    );
    const run = await capture(child, closed, limits, () => undefined, report);
    // bash reports a child's signal N as exit 128 + N.
    if (!run.stopped && (run.signal === "SIGXCPU" || run.exitCode === 128 + 24)) run.stopped = "cpu-time";
    if (!run.stopped && (run.signal === "SIGXFSZ" || run.exitCode === 128 + 25)) run.stopped = "file-size";
    return run;
  } finally {
    await rm(box, { recursive: true, force: true });
  }
}
