import "server-only";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { bareEnv } from "@/lib/sandbox/toolchains";

/**
 * Running untrusted code (../shared/recipes/code-sandbox.md): bubblewrap namespaces (no network,
 * read-only system, a tmpfs work dir, no user namespaces inside), a cgroup per run (memory, pids,
 * one CPU), prlimit (CPU time, file size, open files, no core), an unprivileged uid per slot
 * (setpriv: no new privileges, no capabilities), a cleared environment. The code's files are
 * bound read-only and copied into the tmpfs by the sandbox itself, and results come back only
 * through the pipes (capped): the server never reads a path the sandbox could have written.
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
  const missing = ["bwrap", "setpriv", "prlimit"].filter((command) => !which(command));
  if (missing.length) return (support = { ok: false, reason: `${missing.join(", ")} not installed (apt-get install ${missing.includes("bwrap") ? "bubblewrap " : ""}util-linux)` });
  if (process.getuid?.() !== 0) return (support = { ok: false, reason: "the worker is not root, so it can neither create cgroups nor switch to the sandbox's user" });
  const cgroups = findCgroups();
  if (!cgroups) return (support = { ok: false, reason: "no usable cgroup controllers (memory, pids, cpu) under /sys/fs/cgroup" });
  return (support = { ok: true, cgroups });
}

/** The unprivileged account of a sandbox slot, created on first use. */
export function slotUser(slot: number): { uid: number; gid: number; name: string } {
  const name = `rosetta-sbx${slot}`;
  const id = (flag: string) => Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g"), name };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name]);
    return { uid: id("-u"), gid: id("-g"), name };
  }
}

class Cgroup {
  private constructor(
    private readonly cgroups: Cgroups,
    private readonly dirs: string[],
  ) {}

  static async create(cgroups: Cgroups, limits: Limits): Promise<Cgroup> {
    const name = `rosetta-${process.pid}-${randomBytes(4).toString("hex")}`;
    if (cgroups.version === "v1") {
      const dirs = V1_CONTROLLERS.map((controller) => path.join(cgroups.root, controller, name));
      for (const dir of dirs) await mkdir(dir);
      const [memory, pids, cpu] = dirs as [string, string, string, string];
      await writeFile(path.join(memory, "memory.limit_in_bytes"), String(limits.memoryMb * 1024 * 1024));
      await writeFile(path.join(memory, "memory.swappiness"), "0").catch(() => undefined);
      await writeFile(path.join(pids, "pids.max"), String(limits.pids));
      await writeFile(path.join(cpu, "cpu.cfs_quota_us"), "100000"); // one CPU: two runs cannot starve the server
      return new Cgroup(cgroups, dirs);
    }
    const dir = path.join(cgroups.root, name);
    await mkdir(dir);
    await writeFile(path.join(dir, "memory.max"), String(limits.memoryMb * 1024 * 1024));
    await writeFile(path.join(dir, "memory.swap.max"), "0").catch(() => undefined);
    await writeFile(path.join(dir, "pids.max"), String(limits.pids));
    await writeFile(path.join(dir, "cpu.max"), "100000 100000");
    return new Cgroup(cgroups, [dir]);
  }

  /** The files a process writes its pid into to join. */
  get procFiles(): string[] {
    return this.dirs.map((dir) => path.join(dir, "cgroup.procs"));
  }

  private file(controller: string, name: string): string {
    return this.cgroups.version === "v1" ? path.join(this.dirs[V1_CONTROLLERS.indexOf(controller as (typeof V1_CONTROLLERS)[number])]!, name) : path.join(this.dirs[0]!, name);
  }

  private async read(controller: string, name: string): Promise<string | null> {
    return readFile(this.file(controller, name), "utf8").catch(() => null);
  }

  async stats(): Promise<{ oomKills: number; pidsRejected: number; cpuMs: number | null; peakMemoryBytes: number | null }> {
    const field = (text: string | null, key: string) => Number(new RegExp(`^${key} (\\d+)`, "m").exec(text ?? "")?.[1] ?? 0);
    if (this.cgroups.version === "v1") {
      const usage = await this.read("cpuacct", "cpuacct.usage");
      const peak = await this.read("memory", "memory.max_usage_in_bytes");
      return {
        oomKills: field(await this.read("memory", "memory.oom_control"), "oom_kill"),
        pidsRejected: field(await this.read("pids", "pids.events"), "max"),
        cpuMs: usage === null ? null : Math.round(Number(usage) / 1e6),
        peakMemoryBytes: peak === null ? null : Number(peak),
      };
    }
    const peak = await this.read("memory", "memory.peak");
    return {
      oomKills: field(await this.read("memory", "memory.events"), "oom_kill"),
      pidsRejected: field(await this.read("pids", "pids.events"), "max"),
      cpuMs: Math.round(field(await this.read("cpu", "cpu.stat"), "usage_usec") / 1000),
      peakMemoryBytes: peak === null ? null : Number(peak),
    };
  }

  /** Kills everything left in the group (a fork bomb's children outlive its parent), then removes it. */
  async destroy(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const pids = (await readFile(this.procFiles[0]!, "utf8").catch(() => "")).split("\n").filter(Boolean).map(Number);
      if (!pids.length) break;
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
    for (const dir of this.dirs) await rmdir(dir).catch(() => undefined);
  }
}

/** What the sandbox sees of the host: the system read-only, nothing of /root, /home, /var or /sys. */
function bwrapArgs(sourceDir: string, extraBinds: readonly string[]): string[] {
  const args = [
    "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
    "--disable-userns", "--die-with-parent", "--new-session", "--hostname", "sandbox",
    "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin",
    "--ro-bind", "/etc", "/etc",
    "--proc", "/proc", "--dev", "/dev",
    "--tmpfs", "/tmp", "--tmpfs", "/box",
    "--ro-bind", sourceDir, "/src",
    "--chdir", "/box",
    "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp",
  ];
  for (const bind of extraBinds) if (existsSync(bind)) args.push("--ro-bind", bind, bind);
  return args;
}

/**
 * Runs `script` (bash) inside the sandbox, with the files of `sourceDir` copied into its work dir
 * /box. `sourceDir` must be readable by the slot's user.
 */
export async function runIsolated({
  script,
  sourceDir,
  limits,
  slot,
  env = {},
  extraBinds = [],
}: {
  script: string;
  sourceDir: string;
  limits: Limits;
  slot: number;
  env?: Record<string, string>;
  extraBinds?: readonly string[];
}): Promise<IsolatedRun> {
  const isolation = isolationSupport();
  if (!isolation.ok) throw new Error(`sandbox unavailable: ${isolation.reason}`);
  const user = slotUser(slot);
  const cgroup = await Cgroup.create(isolation.cgroups, limits);
  try {
    const envArgs = Object.entries(env).flatMap(([key, value]) => ["--setenv", key, value]);
    const inner = [
      "prlimit", `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`, `--fsize=${limits.fileSizeMb * 1024 * 1024}`, "--nofile=1024", "--core=0", "--",
      "setpriv", `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--no-new-privs", "--inh-caps=-all", "--",
      "bwrap", ...bwrapArgs(sourceDir, extraBinds), ...envArgs, "--", "/bin/bash", "-c", `cp -r /src/. /box/ && ${script}`,
    ];
    // Join the cgroup first (as root), then become the sandbox.
    const join = `for f in ${cgroup.procFiles.join(" ")}; do echo $$ > "$f"; done; exec "$@"`;
    const child = spawn("/bin/sh", ["-c", join, "sh", ...inner], { stdio: ["ignore", "pipe", "pipe"], detached: true, env: bareEnv({ PATH: "/usr/sbin:/usr/bin:/sbin:/bin" }) });
    const run = await capture(child, limits, () => void cgroup.destroy());
    const stats = await cgroup.stats();
    let stopped = run.stopped;
    if (!stopped) {
      // bwrap reports a signal N as exit 128 + N.
      if (stats.oomKills > 0) stopped = "memory";
      else if (run.exitCode === 128 + 24 || (run.exitCode === 128 + 9 && stats.cpuMs !== null && stats.cpuMs >= limits.cpuSeconds * 1000)) stopped = "cpu-time"; // SIGXCPU, or SIGKILL at the hard limit
      else if (run.exitCode === 128 + 25) stopped = "file-size";
      else if (stats.pidsRejected > 0) stopped = "pids"; // a fork bomb, even one whose parent exits 0
    }
    return { ...run, cpuMs: stats.cpuMs, peakMemoryBytes: stats.peakMemoryBytes, stopped };
  } finally {
    await cgroup.destroy();
  }
}

/** Waits for a run, keeping at most `outputBytes` of each stream, stopping it on a flood or at the wall-time limit. */
async function capture(child: ChildProcess, limits: Limits, kill: () => void): Promise<IsolatedRun> {
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
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
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
  const box = await mkdtemp(path.join(os.tmpdir(), "rosetta-unsafe-"));
  try {
    await cp(sourceDir, box, { recursive: true });
    const tmp = path.join(box, ".tmp");
    await mkdir(tmp);
    const localEnv = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value.replaceAll("/tmp", tmp)]));
    const limited = which("prlimit")
      ? ["prlimit", `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`, `--fsize=${limits.fileSizeMb * 1024 * 1024}`, "--nofile=1024", "--core=0", "--"]
      : [];
    const [command, ...args] = [...limited, "/bin/bash", "-c", script];
    const child = spawn(command!, args, {
      cwd: box,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      env: bareEnv({ PATH: "/usr/local/bin:/usr/bin:/bin", HOME: tmp, TMPDIR: tmp, LANG: "C.UTF-8", ...localEnv }),
    });
    const run = await capture(child, limits, () => undefined);
    // bash reports a child's signal N as exit 128 + N.
    if (!run.stopped && (run.signal === "SIGXCPU" || run.exitCode === 128 + 24)) run.stopped = "cpu-time";
    if (!run.stopped && (run.signal === "SIGXFSZ" || run.exitCode === 128 + 25)) run.stopped = "file-size";
    return run;
  } finally {
    await rm(box, { recursive: true, force: true });
  }
}
