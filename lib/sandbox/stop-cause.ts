import type { CgroupStats } from "@/lib/sandbox/cgroup";

/** Why a run was stopped from outside: a limit of the sandbox, or the server's own flood guard. */
export type StopCause = "wall-time" | "cpu-time" | "memory" | "pids" | "file-size" | "output-flood";

/** bubblewrap passes on its child's status: a signal N reads as exit 128 + N. */
const SIGKILL = 128 + 9;
const SIGXCPU = 128 + 24;
const SIGXFSZ = 128 + 25;

/**
 * Which limit stopped a run, from what the server saw (`observed`: the wall clock, a flood), the
 * exit status and the cgroup's counters. The kernel's counters come before the clocks: a fork
 * bomb spins on refused forks until the wall or CPU time runs out, and an allocation thrashing at
 * the memory limit does the same, so the time limit is only the last thing that happened to them.
 */
export function stopCause({
  observed,
  exitCode,
  stats,
  limits,
}: {
  observed: StopCause | null;
  exitCode: number | null;
  stats: CgroupStats;
  limits: { cpuSeconds: number; memoryMb: number };
}): StopCause | null {
  // The server saw the flood itself; what the kernel did afterwards followed from the kill.
  if (observed === "output-flood") return observed;
  if (stats.oomKills > 0) return "memory";
  if (stats.pidsRejected > 0) return "pids";
  const cpuTime = exitCode === SIGXCPU || (exitCode === SIGKILL && stats.cpuMs !== null && stats.cpuMs >= limits.cpuSeconds * 1000);
  const timedOut: StopCause | null = observed ?? (cpuTime ? "cpu-time" : null);
  if (timedOut) return atMemoryLimit(stats, limits.memoryMb) ? "memory" : timedOut;
  if (exitCode === SIGXFSZ) return "file-size";
  return null;
}

/** Reclaiming at the limit until the clock ran out: the limit was reached and usage stayed there. */
function atMemoryLimit(stats: CgroupStats, memoryMb: number): boolean {
  return stats.memoryLimitHits > 0 && stats.peakMemoryBytes !== null && stats.peakMemoryBytes >= memoryMb * 1024 * 1024 * 0.95;
}
