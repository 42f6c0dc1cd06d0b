import "server-only";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { bareEnv } from "@/lib/sandbox/toolchains";
import { CACHE_ROOT, ensureCacheRoot } from "@/lib/sandbox/warm";

/**
 * Running untrusted code (../shared/recipes/code-sandbox.md): bubblewrap namespaces (no network,
 * read-only system, a tmpfs work dir, no user namespaces inside), a cgroup per run (memory, pids,
 * one CPU), resource limits (CPU time, file size, open files, no core), an unprivileged uid per slot
 * (setpriv: no new privileges, no capabilities), a cleared environment. The code's files are
 * bound read-only at /src (the work dir /box is the sandbox's own tmpfs), and results come back
 * only through the pipes (capped): the server never reads a path the sandbox could have written.
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
  stopped: null | "wall-time" | "cpu-time" | "memory" | "pids" | "file-size" | "output-flood";
}

type Cgroups = { version: "v1"; root: string } | { version: "v2"; root: string };

export type IsolationSupport = { ok: true; cgroups: Cgroups } | { ok: false; reason: string };

const V1_CONTROLLERS = ["memory", "pids", "cpu", "cpuacct"] as const;

function findCgroups(): Cgroups | undefined {
  if (V1_CONTROLLERS.every((controller) => existsSync(`/sys/fs/cgroup/${controller}/cgroup.procs`))) return { version: "v1", root: "/sys/fs/cgroup" };
  if (existsSync("/sys/fs/cgroup/cgroup.controllers")) {
    const controllers = execFileSync("cat", ["/sys/fs/cgroup/cgroup.controllers"], { encoding: "utf8" });
    if (["memory", "pids", "cpu"].every((c) => controllers.includes(c))) return { version: "v2", root: "/sys/fs/cgroup" };
  }
  return undefined;
}

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
  const missing = ["bwrap", "setpriv"].filter((command) => !which(command));
  if (missing.length) return (support = { ok: false, reason: `${missing.join(", ")} not installed (apt-get install ${missing.includes("bwrap") ? "bubblewrap " : ""}util-linux)` });
  if (process.getuid?.() !== 0) return (support = { ok: false, reason: "the worker is not root, so it can neither create cgroups nor switch to the sandbox's user" });
  const cgroups = findCgroups();
  if (!cgroups) return (support = { ok: false, reason: "no usable cgroup controllers (memory, pids, cpu) under /sys/fs/cgroup" });
  return (support = { ok: true, cgroups });
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
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name]);
    return { uid: id("-u"), gid: id("-g"), name };
  }
}

type CgroupStats = { oomKills: number; pidsRejected: number; cpuMs: number | null; peakMemoryBytes: number | null };

/** Emptied groups waiting for their next run: making and removing a cgroup costs more than a small run. */
const idleCgroups: Cgroup[] = [];

class Cgroup {
  /** The counters when this run's use began: a reused group reports differences. */
  private baseline: CgroupStats = { oomKills: 0, pidsRejected: 0, cpuMs: 0, peakMemoryBytes: null };
  limits: Pick<Limits, "memoryMb" | "pids"> = { memoryMb: 0, pids: 0 };

  private constructor(
    private readonly cgroups: Cgroups,
    private readonly dirs: string[],
  ) {}

  /** An idle group of this process, or a new one, with these limits. */
  static async acquire(cgroups: Cgroups, limits: Pick<Limits, "memoryMb" | "pids">): Promise<Cgroup> {
    const idle = idleCgroups.pop();
    if (!idle) return Cgroup.create(cgroups, limits);
    await idle.setLimits(idle.limits, limits);
    return idle;
  }

  /** Back to the idle list once nothing is left running in it; removed instead if something is. */
  async release(): Promise<void> {
    if (!(await this.killAll())) return this.destroy();
    // The peak is per run (cgroup v1 resets on write; v2 since Linux 6.12); the counters become the next baseline.
    await writeFile(this.file("memory", this.cgroups.version === "v1" ? "memory.max_usage_in_bytes" : "memory.peak"), "0").catch(() => undefined);
    this.baseline = await this.rawStats();
    idleCgroups.push(this);
  }

  static async create(cgroups: Cgroups, limits: Pick<Limits, "memoryMb" | "pids">): Promise<Cgroup> {
    const name = `rosetta-${process.pid}-${randomBytes(4).toString("hex")}`;
    const dirs = cgroups.version === "v1" ? V1_CONTROLLERS.map((controller) => path.join(cgroups.root, controller, name)) : [path.join(cgroups.root, name)];
    await Promise.all(dirs.map((dir) => mkdir(dir)));
    const cgroup = new Cgroup(cgroups, dirs);
    cgroup.limits = limits;
    const write = (controller: string, file: string, value: string) => writeFile(cgroup.file(controller, file), value);
    await Promise.all([
      cgroup.setLimits(null, limits),
      // No swap, so the memory limit is the memory limit.
      write("memory", cgroups.version === "v1" ? "memory.swappiness" : "memory.swap.max", "0").catch(() => undefined),
      // One CPU: two runs cannot starve the server.
      cgroups.version === "v1" ? write("cpu", "cpu.cfs_quota_us", "100000") : write("cpu", "cpu.max", "100000 100000"),
    ]);
    return cgroup;
  }

  /** Sets the memory and process limits, writing only what differs from `current`. */
  async setLimits(current: Pick<Limits, "memoryMb" | "pids"> | null, limits: Pick<Limits, "memoryMb" | "pids">): Promise<void> {
    const v1 = this.cgroups.version === "v1";
    await Promise.all([
      current?.memoryMb === limits.memoryMb ? undefined : writeFile(this.file("memory", v1 ? "memory.limit_in_bytes" : "memory.max"), String(limits.memoryMb * 1024 * 1024)),
      current?.pids === limits.pids ? undefined : writeFile(this.file("pids", "pids.max"), String(limits.pids)),
    ]);
    this.limits = { memoryMb: limits.memoryMb, pids: limits.pids };
  }

  /** The files a process writes its pid into to join. */
  get procFiles(): string[] {
    return this.dirs.map((dir) => path.join(dir, "cgroup.procs"));
  }

  file(controller: string, name: string): string {
    return this.cgroups.version === "v1" ? path.join(this.dirs[V1_CONTROLLERS.indexOf(controller as (typeof V1_CONTROLLERS)[number])]!, name) : path.join(this.dirs[0]!, name);
  }

  private async read(controller: string, name: string): Promise<string | null> {
    return readFile(this.file(controller, name), "utf8").catch(() => null);
  }

  /** This run's counters: what happened since the group was handed out. */
  async stats(): Promise<CgroupStats> {
    const now = await this.rawStats();
    return {
      oomKills: now.oomKills - this.baseline.oomKills,
      pidsRejected: now.pidsRejected - this.baseline.pidsRejected,
      cpuMs: now.cpuMs === null || this.baseline.cpuMs === null ? now.cpuMs : now.cpuMs - this.baseline.cpuMs,
      peakMemoryBytes: now.peakMemoryBytes,
    };
  }

  private async rawStats(): Promise<CgroupStats> {
    const field = (text: string | null, key: string) => Number(new RegExp(`^${key} (\\d+)`, "m").exec(text ?? "")?.[1] ?? 0);
    if (this.cgroups.version === "v1") {
      const [usage, peak, oom, pids] = await Promise.all([
        this.read("cpuacct", "cpuacct.usage"),
        this.read("memory", "memory.max_usage_in_bytes"),
        this.read("memory", "memory.oom_control"),
        this.read("pids", "pids.events"),
      ]);
      return {
        oomKills: field(oom, "oom_kill"),
        pidsRejected: field(pids, "max"),
        cpuMs: usage === null ? null : Math.round(Number(usage) / 1e6),
        peakMemoryBytes: peak === null ? null : Number(peak),
      };
    }
    const [peak, events, pids, cpu] = await Promise.all([this.read("memory", "memory.peak"), this.read("memory", "memory.events"), this.read("pids", "pids.events"), this.read("cpu", "cpu.stat")]);
    return {
      oomKills: field(events, "oom_kill"),
      pidsRejected: field(pids, "max"),
      cpuMs: Math.round(field(cpu, "usage_usec") / 1000),
      peakMemoryBytes: peak === null ? null : Number(peak),
    };
  }

  /** Kills everything left in the group (a fork bomb's children outlive its parent); false if some survive. */
  async killAll(): Promise<boolean> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const pids = (await readFile(this.procFiles[0]!, "utf8").catch(() => "")).split("\n").filter(Boolean).map(Number);
      if (!pids.length) return true;
      if (this.cgroups.version === "v2") await writeFile(path.join(this.dirs[0]!, "cgroup.kill"), "1").catch(() => undefined);
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }

  /** Kills what is left and removes the group. */
  async destroy(): Promise<void> {
    await this.killAll();
    await Promise.all(this.dirs.map((dir) => rmdir(dir).catch(() => undefined)));
  }
}

/** What the sandbox sees of the host: the system read-only, nothing of /root, /home, /var or /sys. */
function bwrapArgs(sourceDir: string, extraBinds: readonly string[]): string[] {
  const args = [
    "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
    "--disable-userns", "--die-with-parent", "--new-session", "--hostname", "sandbox",
    "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin",
    "--ro-bind", "/etc", "/etc",
    "--proc", "/proc",
    // A minimal /dev (no pseudo-terminals): cheaper to set up than --dev, and all a test needs.
    "--tmpfs", "/dev", ...["null", "zero", "full", "random", "urandom"].flatMap((name) => ["--dev-bind", `/dev/${name}`, `/dev/${name}`]),
    "--symlink", "/proc/self/fd", "/dev/fd", "--symlink", "/proc/self/fd/0", "/dev/stdin", "--symlink", "/proc/self/fd/1", "/dev/stdout", "--symlink", "/proc/self/fd/2", "/dev/stderr",
    "--tmpfs", "/tmp", "--tmpfs", "/box",
    "--ro-bind", sourceDir, "/src",
    "--chdir", "/box",
    "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp", "--setenv", "SRC", "/src",
  ];
  for (const bind of extraBinds) if (existsSync(bind)) args.push("--ro-bind", bind, bind);
  return args;
}

/** The most any language's limits may ask for (the project settings' bounds): set when a sandbox starts, lowered per run. */
const HARD_CPU_SECONDS = 600;
const HARD_FILE_SIZE_MB = 4096;

/**
 * A sandbox started ahead of its run: the whole chain (cgroup, rlimits, setpriv, bwrap's
 * namespaces and mounts) is up and its bash waits for "go" on stdin. Most of that start-up is the
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

async function startSpare(slot: number, cgroups: Cgroups): Promise<Spare> {
  await cleanStaleCgroups(cgroups);
  const user = slotUser(slot);
  const cgroup = await Cgroup.acquire(cgroups, { memoryMb: DEFAULT_LIMITS.memoryMb, pids: DEFAULT_LIMITS.pids });
  await ensureCacheRoot();
  const jobDir = await mkdtemp(path.join(SCRATCH_ROOT, `rosetta-job-${process.pid}-`));
  await chmod(jobDir, 0o755); // readable by the sandbox's user
  const inner = [
    "setpriv", `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--no-new-privs", "--inh-caps=-all", "--",
    "bwrap", ...bwrapArgs(jobDir, [CACHE_ROOT]), "--",
    "/bin/bash", "-c", `echo ready >&3; exec 3>&-; IFS= read -r go && [ "$go" = go ] || exit 111; . /src/${RUN_SCRIPT}`,
  ];
  // Join the cgroup and set the outer resource limits first (as root, in one shell: dash's ulimit
  // sets soft and hard limits, -f in 512-byte blocks), then become the sandbox.
  const join = [
    `for f in ${cgroup.procFiles.join(" ")}; do echo $$ > "$f"; done`,
    `ulimit -S -t ${HARD_CPU_SECONDS} && ulimit -H -t ${HARD_CPU_SECONDS + 1} && ulimit -f ${HARD_FILE_SIZE_MB * 2048} && ulimit -n 1024 && ulimit -c 0 || exit 113`,
    'exec "$@"',
  ].join("; ");
  const child = spawn("/bin/sh", ["-c", join, "sh", ...inner], { stdio: ["pipe", "pipe", "pipe", "pipe"], detached: true, env: bareEnv({ PATH: "/usr/sbin:/usr/bin:/sbin:/bin" }) });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  child.on("error", () => undefined); // reported through `closed`
  const status = child.stdio[3] as NodeJS.ReadableStream & { unref?: () => void };
  const ready = new Promise<void>((resolve, reject) => {
    status.once("data", () => resolve());
    void closed.then(({ code }) => reject(new Error(`the sandbox exited before its run (exit ${code}): is bubblewrap working?`)));
  });
  ready.catch(() => undefined);
  // A waiting spare must not keep the process alive.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr, status] as unknown as { unref?: () => void }[]) stream.unref?.();
  return { child, cgroup, jobDir, ready, closed };
}

/** This slot's spare (starting one if there is none), and the next one started behind it. */
function takeSpare(slot: number, cgroups: Cgroups): Promise<Spare> {
  const spare = spares.get(slot) ?? startSpare(slot, cgroups);
  const next = startSpare(slot, cgroups);
  next.catch(() => spares.delete(slot));
  spares.set(slot, next);
  return spare;
}

/** Stops the spares waiting in this process (a worker shutting down). */
export async function closeSpares(): Promise<void> {
  const waiting = [...spares.values()];
  spares.clear();
  await Promise.all(idleCgroups.splice(0).map((cgroup) => cgroup.destroy()));
  for (const spare of await Promise.allSettled(waiting)) {
    if (spare.status !== "fulfilled") continue;
    // Waiting for it to exit must keep the process alive (a waiting spare is unref'd).
    spare.value.child.ref();
    for (const stream of spare.value.child.stdio as unknown as ({ ref?: () => void } | null)[]) stream?.ref?.();
    try {
      process.kill(-spare.value.child.pid!, "SIGKILL");
    } catch {
      // gone
    }
    await spare.value.closed;
    await spare.value.cgroup.destroy();
    await rm(spare.value.jobDir, { recursive: true, force: true });
  }
}

/** The run's script with its limits lowered to what the run allows (a sandbox cannot raise them again). */
function runScript(script: string, limits: Limits, env: Record<string, string>): string {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  return [
    `ulimit -S -t ${limits.cpuSeconds} && ulimit -H -t ${limits.cpuSeconds + 1} && ulimit -f ${limits.fileSizeMb * 1024} || exit 112`,
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
}: {
  script: string;
  files: Record<string, string>;
  limits: Limits;
  slot: number;
  env?: Record<string, string>;
}): Promise<IsolatedRun> {
  const isolation = isolationSupport();
  if (!isolation.ok) throw new Error(`sandbox unavailable: ${isolation.reason}`);
  const spare = await takeSpare(slot, isolation.cgroups);
  const { child, cgroup, jobDir } = spare;
  // From here the run keeps the process alive (a waiting spare does not).
  child.ref();
  for (const stream of child.stdio as unknown as ({ ref?: () => void } | null)[]) stream?.ref?.();
  try {
    await Promise.all([
      ...Object.entries(files).map(([name, text]) => writeFile(path.join(jobDir, path.basename(name)), text, { mode: 0o644 })),
      writeFile(path.join(jobDir, RUN_SCRIPT), runScript(script, limits, env), { mode: 0o644 }),
      cgroup.setLimits(cgroup.limits, limits),
      spare.ready,
    ]);
    const run = capture(child, spare.closed, limits, () => void cgroup.killAll());
    child.stdin!.end("go\n");
    const result = await run;
    if (result.exitCode === 111 || result.exitCode === 112 || result.exitCode === 113) throw new Error(`the sandbox did not start the run (exit ${result.exitCode}): ${result.stderr.trim().slice(0, 500)}`);
    const stats = await cgroup.stats();
    let stopped = result.stopped;
    if (!stopped) {
      // bwrap reports a signal N as exit 128 + N.
      if (stats.oomKills > 0) stopped = "memory";
      else if (result.exitCode === 128 + 24 || (result.exitCode === 128 + 9 && stats.cpuMs !== null && stats.cpuMs >= limits.cpuSeconds * 1000)) stopped = "cpu-time"; // SIGXCPU, or SIGKILL at the hard limit
      else if (result.exitCode === 128 + 25) stopped = "file-size";
      else if (stats.pidsRejected > 0) stopped = "pids"; // a fork bomb, even one whose parent exits 0
    }
    return { ...result, cpuMs: stats.cpuMs, peakMemoryBytes: stats.peakMemoryBytes, stopped };
  } finally {
    // Off the run's critical path: its pid namespace died with it, so nothing is left to kill but
    // a stopped run's stragglers, which destroy() handles as it removes the group.
    void Promise.all([cgroup.release(), rm(jobDir, { recursive: true, force: true })]).catch(() => undefined);
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
      for (const name of await readdir(root).catch(() => [] as string[])) if (dead(name, /^rosetta-(\d+)-/)) await rmdir(path.join(root, name)).catch(() => undefined);
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
  const timer = setTimeout(() => stop("wall-time"), limits.wallMs);
  const { code, signal } = await closed;
  clearTimeout(timer);
  return { exitCode: code, signal, stdout: stdout(), stderr: stderr(), wallMs: Math.round(performance.now() - started), cpuMs: null, peakMemoryBytes: null, stopped };
}

/**
 * The operator's explicit opt-in (ROSETTA_SANDBOX=unsafe-local) on a machine that cannot isolate:
 * the script runs as the worker's own user in a scratch directory, with a cleared environment,
 * prlimit's CPU, file-size and open-file limits and the wall-time limit, and nothing else. Only for
 * code you would run yourself.
 */
export async function runUnsafeLocal({ script, sourceDir, limits, env = {} }: { script: string; sourceDir: string; limits: Limits; env?: Record<string, string> }): Promise<IsolatedRun> {
  const box = await mkdtemp(path.join(SCRATCH_ROOT, "rosetta-unsafe-"));
  try {
    await cp(sourceDir, box, { recursive: true });
    const tmp = path.join(box, ".tmp");
    await mkdir(tmp);
    const limited = which("prlimit")
      ? ["prlimit", `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`, `--fsize=${limits.fileSizeMb * 1024 * 1024}`, "--nofile=1024", "--core=0", "--"]
      : [];
    const [command, ...args] = [...limited, "/bin/bash", "-c", script];
    const child = spawn(command!, args, {
      cwd: box,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      env: bareEnv({ PATH: "/usr/local/bin:/usr/bin:/bin", HOME: tmp, TMPDIR: tmp, LANG: "C.UTF-8", SRC: ".", ...env }),
    });
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
    const run = await capture(child, closed, limits, () => undefined);
    // bash reports a child's signal N as exit 128 + N.
    if (!run.stopped && (run.signal === "SIGXCPU" || run.exitCode === 128 + 24)) run.stopped = "cpu-time";
    if (!run.stopped && (run.signal === "SIGXFSZ" || run.exitCode === 128 + 25)) run.stopped = "file-size";
    return run;
  } finally {
    await rm(box, { recursive: true, force: true });
  }
}
