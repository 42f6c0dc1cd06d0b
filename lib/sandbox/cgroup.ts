import "server-only";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A cgroup per sandbox run (memory, processes, one CPU), on cgroup v1 (these machines: v1
 * controllers, a v2 mount without any) or v2. Its counters say why a run died: the kernel's
 * oom_kill and pids "max" events, and how often the memory limit was reached.
 */

/*
 * Every file operation here is synchronous: on cgroupfs it takes microseconds, while a promise's
 * round trip through the thread pool costs some 20 times that in CPU (measured: 15–25 µs against
 * 230–690 µs per read or write), and a run makes some twenty of them.
 */
const writeFile = async (file: string, value: string) => writeFileSync(file, value);
const readFile = async (file: string) => readFileSync(file, "utf8");

export type Cgroups = { version: "v1"; root: string } | { version: "v2"; root: string };

export const V1_CONTROLLERS = ["memory", "pids", "cpu", "cpuacct"] as const;

export function findCgroups(): Cgroups | undefined {
  if (V1_CONTROLLERS.every((controller) => existsSync(`/sys/fs/cgroup/${controller}/cgroup.procs`)))
    return { version: "v1", root: "/sys/fs/cgroup" };
  if (existsSync("/sys/fs/cgroup/cgroup.controllers")) {
    const controllers = execFileSync("cat", ["/sys/fs/cgroup/cgroup.controllers"], { encoding: "utf8" });
    if (["memory", "pids", "cpu"].every((c) => controllers.includes(c))) return { version: "v2", root: "/sys/fs/cgroup" };
  }
  return undefined;
}

export type CgroupLimits = { memoryMb: number; pids: number };

export type CgroupStats = {
  /** Processes the kernel killed for memory (v1 memory.oom_control, v2 memory.events oom_kill). */
  oomKills: number;
  /** Forks and threads refused at the process limit (pids.events max). */
  pidsRejected: number;
  /** Times the memory limit was reached (v1 memory.failcnt, v2 memory.events max): reclaim at the limit, which may end in an OOM kill or in thrashing. */
  memoryLimitHits: number;
  cpuMs: number | null;
  peakMemoryBytes: number | null;
};

/** Emptied groups waiting for their next run: making and removing a cgroup costs more than a small run. */
const idleCgroups: Cgroup[] = [];
/** Releases under way (a run's group goes back to the idle list off its critical path): close waits for them. */
const releasing = new Set<Promise<void>>();

export class Cgroup {
  /** The counters when this run's use began: a reused group reports differences. */
  private baseline: CgroupStats = { oomKills: 0, pidsRejected: 0, memoryLimitHits: 0, cpuMs: 0, peakMemoryBytes: null };
  limits: CgroupLimits = { memoryMb: 0, pids: 0 };

  private constructor(
    private readonly cgroups: Cgroups,
    /** Its folders; the name carries the creating process's pid, so a survivor can tell a dead process's groups. */
    readonly dirs: string[],
  ) {}

  /** An idle group of this process, or a new one, with these limits. */
  static async acquire(cgroups: Cgroups, limits: CgroupLimits): Promise<Cgroup> {
    const idle = idleCgroups.pop();
    if (!idle) return Cgroup.create(cgroups, limits);
    await idle.setLimits(idle.limits, limits);
    return idle;
  }

  /** Back to the idle list once nothing is left running in it; removed instead if something is. */
  release(): Promise<void> {
    const done = this.reset().finally(() => releasing.delete(done));
    releasing.add(done);
    return done;
  }

  private async reset(): Promise<void> {
    if (!(await this.killAll())) return this.destroy();
    // The peak is per run (cgroup v1 resets on write; v2 since Linux 6.12); the counters become the next baseline.
    await writeFile(this.file("memory", this.cgroups.version === "v1" ? "memory.max_usage_in_bytes" : "memory.peak"), "0").catch(
      () => undefined,
    );
    this.baseline = await this.rawStats();
    idleCgroups.push(this);
  }

  static async create(cgroups: Cgroups, limits: CgroupLimits): Promise<Cgroup> {
    const name = `rosetta-${process.pid}-${randomBytes(4).toString("hex")}`;
    const dirs =
      cgroups.version === "v1"
        ? V1_CONTROLLERS.map((controller) => path.join(cgroups.root, controller, name))
        : [path.join(cgroups.root, name)];
    for (const dir of dirs) mkdirSync(dir);
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
  async setLimits(current: CgroupLimits | null, limits: CgroupLimits): Promise<void> {
    const v1 = this.cgroups.version === "v1";
    await Promise.all([
      current?.memoryMb === limits.memoryMb
        ? undefined
        : writeFile(this.file("memory", v1 ? "memory.limit_in_bytes" : "memory.max"), String(limits.memoryMb * 1024 * 1024)),
      current?.pids === limits.pids ? undefined : writeFile(this.file("pids", "pids.max"), String(limits.pids)),
    ]);
    this.limits = { memoryMb: limits.memoryMb, pids: limits.pids };
  }

  /** The files a process writes its pid into to join. */
  get procFiles(): string[] {
    return this.dirs.map((dir) => path.join(dir, "cgroup.procs"));
  }

  file(controller: string, name: string): string {
    return this.cgroups.version === "v1"
      ? path.join(this.dirs[V1_CONTROLLERS.indexOf(controller as (typeof V1_CONTROLLERS)[number])]!, name)
      : path.join(this.dirs[0]!, name);
  }

  private async read(controller: string, name: string): Promise<string | null> {
    return readFile(this.file(controller, name)).catch(() => null);
  }

  /** This run's counters: what happened since the group was handed out. */
  async stats(): Promise<CgroupStats> {
    const now = await this.rawStats();
    return {
      oomKills: now.oomKills - this.baseline.oomKills,
      pidsRejected: now.pidsRejected - this.baseline.pidsRejected,
      memoryLimitHits: now.memoryLimitHits - this.baseline.memoryLimitHits,
      cpuMs: now.cpuMs === null || this.baseline.cpuMs === null ? now.cpuMs : now.cpuMs - this.baseline.cpuMs,
      peakMemoryBytes: now.peakMemoryBytes,
    };
  }

  private async rawStats(): Promise<CgroupStats> {
    const field = (text: string | null, key: string) => Number(new RegExp(`^${key} (\\d+)`, "m").exec(text ?? "")?.[1] ?? 0);
    if (this.cgroups.version === "v1") {
      const [usage, peak, oom, failcnt, pids] = await Promise.all([
        this.read("cpuacct", "cpuacct.usage"),
        this.read("memory", "memory.max_usage_in_bytes"),
        this.read("memory", "memory.oom_control"),
        this.read("memory", "memory.failcnt"),
        this.read("pids", "pids.events"),
      ]);
      return {
        oomKills: field(oom, "oom_kill"),
        pidsRejected: field(pids, "max"),
        memoryLimitHits: Number(failcnt ?? 0) || 0,
        cpuMs: usage === null ? null : Math.round(Number(usage) / 1e6),
        peakMemoryBytes: peak === null ? null : Number(peak),
      };
    }
    const [peak, events, pids, cpu] = await Promise.all([
      this.read("memory", "memory.peak"),
      this.read("memory", "memory.events"),
      this.read("pids", "pids.events"),
      this.read("cpu", "cpu.stat"),
    ]);
    return {
      oomKills: field(events, "oom_kill"),
      pidsRejected: field(pids, "max"),
      memoryLimitHits: field(events, "max"),
      cpuMs: Math.round(field(cpu, "usage_usec") / 1000),
      peakMemoryBytes: peak === null ? null : Number(peak),
    };
  }

  /** Kills everything left in the group (a fork bomb's children outlive its parent); false if some survive. */
  async killAll(): Promise<boolean> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const pids = (await readFile(this.procFiles[0]!).catch(() => "")).split("\n").filter(Boolean).map(Number);
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
    for (const dir of this.dirs) {
      try {
        rmdirSync(dir);
      } catch {
        // gone already
      }
    }
  }
}

/** Removes this process's groups: once the releases under way have finished, every idle one. */
export async function destroyIdleCgroups(): Promise<void> {
  await Promise.allSettled([...releasing]);
  await Promise.all(idleCgroups.splice(0).map((cgroup) => cgroup.destroy()));
}
