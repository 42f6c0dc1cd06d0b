import "server-only";
import os from "node:os";
import type { Db } from "@/lib/db/client";
import { describeDatabaseError } from "@/lib/db/unavailable";
import { JOB_SPECS, type JobName, type WorkerQueue } from "@/lib/jobs/specs";
import { isProcessAlive } from "@/lib/processes";
import type { ComponentHealth, SandboxHealth, SandboxLanguage, SystemHealth } from "@/lib/health/types";
import { LANGUAGES } from "@/lib/languages";
import { UNUSABLE_ANSWER } from "@/lib/llm/errors";
import { detectToolchains, toolchainVersion, TOOLCHAINS } from "@/lib/sandbox/toolchains";
import { sandboxStatus, type SandboxMode } from "@/lib/sandbox/verify";

/**
 * The model is degraded when, over the last UNUSABLE_WINDOW_MIN minutes and at least
 * UNUSABLE_MIN_CALLS calls, UNUSABLE_SHARE or more of them gave answers that could not be used
 * (BadOutput, Truncated: llm_calls.error_code), even though the endpoint itself answers.
 */
const UNUSABLE_WINDOW_MIN = 15;
const UNUSABLE_MIN_CALLS = 5;
const UNUSABLE_SHARE = 0.1;
/** Workers that died (killed, crashed, silent) this recently make the worker status "degraded". */
const CRASH_WINDOW_MIN = 15;

/** The sandbox sees only the system's /usr, whatever the worker's PATH says. */
const SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin";

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

async function checkDb(db: Db): Promise<ComponentHealth> {
  const started = performance.now();
  const [{ version }] = await db.$queryRaw<[{ version: string }]>`select current_setting('server_version') as version`;
  return { status: "ok", detail: `PostgreSQL ${version}, answered in ${Math.round(performance.now() - started)} ms` };
}

/** A worker on this machine whose process is gone is dead, whatever its last heartbeat says. */
function processGone(worker: { hostname: string; pid: number }): boolean {
  return worker.hostname === os.hostname() && !isProcessAlive(worker.pid);
}

async function checkWorkers(db: Db, staleSeconds: number): Promise<ComponentHealth> {
  const since = new Date(Date.now() - staleSeconds * 1000);
  const [reported, waitingByTask, crashes] = await Promise.all([
    db.worker.findMany({
      where: { stoppedAt: null, lastSeenAt: { gte: since } },
      select: { hostname: true, pid: true, queues: true },
      orderBy: { startedAt: "asc" },
      take: 200,
    }),
    // graphile-worker's own view of jobs ready to run now, by job name (each belongs to one worker queue).
    db.$queryRaw<{ task: string; waiting: number }[]>`
      select task_identifier as task, count(*)::int as waiting from graphile_worker.jobs
      where locked_at is null and run_at <= now() and attempts < max_attempts group by task_identifier`,
    db.worker.findMany({
      where: { exitReason: { not: null }, stoppedAt: { gte: new Date(Date.now() - CRASH_WINDOW_MIN * 60_000) } },
      select: { hostname: true, pid: true, exitReason: true, stoppedAt: true },
      orderBy: { stoppedAt: "desc" },
    }),
  ]);
  const waiting = waitingByTask.reduce((sum, row) => sum + row.waiting, 0);
  const alive = reported.filter((worker) => !processGone(worker));
  const last = crashes[0];
  const lost = last
    ? `; ${plural(crashes.length, "worker")} lost in the last ${CRASH_WINDOW_MIN} min (last: ${last.hostname}:${last.pid} ${last.exitReason} at ${last.stoppedAt!.toISOString().slice(11, 19)} UTC)`
    : "";
  if (alive.length === 0) {
    return {
      status: "down",
      detail: `No worker has reported in the last ${staleSeconds} s (${plural(waiting, "job")} waiting)${lost}. Start one with \`rosetta worker\`.`,
    };
  }
  const orphaned = unservedQueues(alive, waitingByTask);
  const unserved = orphaned.length
    ? `; no live worker takes ${orphaned.map(({ queue, waiting }) => `the ${queue} queue (${plural(waiting, "job")} waiting)`).join(", ")}: start \`rosetta worker --queues ${orphaned.map((o) => o.queue).join(",")}\``
    : "";
  const shown = alive
    .slice(0, 20)
    .map((worker) => `${worker.hostname}:${worker.pid}${worker.queues.length ? ` [${worker.queues.join(",")}]` : ""}`);
  const where = alive.length > shown.length ? `${shown.join(", ")} and ${alive.length - shown.length} more` : shown.join(", ");
  return {
    status: crashes.length || orphaned.length ? "degraded" : "ok",
    detail: `${plural(alive.length, "worker")} alive (${where}); ${plural(waiting, "job")} waiting${unserved}${lost}`,
  };
}

/** Worker queues with jobs waiting that no live worker takes (a worker with no queues listed takes them all). */
export function unservedQueues(
  alive: readonly { queues: readonly string[] }[],
  waitingByTask: readonly { task: string; waiting: number }[],
): { queue: WorkerQueue; waiting: number }[] {
  if (alive.some((worker) => worker.queues.length === 0)) return [];
  const served = new Set(alive.flatMap((worker) => worker.queues));
  const waiting = new Map<WorkerQueue, number>();
  for (const { task, waiting: count } of waitingByTask) {
    const spec = JOB_SPECS[task as JobName];
    if (spec && !served.has(spec.queue)) waiting.set(spec.queue, (waiting.get(spec.queue) ?? 0) + count);
  }
  return [...waiting.entries()].map(([queue, count]) => ({ queue, waiting: count }));
}

async function checkModel(db: Db): Promise<ComponentHealth> {
  const profiles = await db.endpointProfile.count();
  if (profiles === 0) {
    return {
      status: "unconfigured",
      detail:
        "No model endpoint configured. Import, review and export work without one; to synthesize, add an OpenAI-compatible endpoint: rosetta endpoint add --name <name> --base-url <url> --model <model>.",
    };
  }
  const since = new Date(Date.now() - 5 * 60_000);
  const parseSince = new Date(Date.now() - UNUSABLE_WINDOW_MIN * 60_000);
  // Calls as the sum of `calls`: a settled item's calls are one row (lib/synthesis/steps.ts); failed calls never are.
  const callsSince = async (gte: Date) =>
    (await db.llmCall.aggregate({ where: { createdAt: { gte } }, _sum: { calls: true } }))._sum.calls ?? 0;
  const [calls, failed, windowCalls, unusable] = await Promise.all([
    callsSince(since),
    db.llmCall.count({ where: { createdAt: { gte: since }, errorCode: { not: null } } }),
    callsSince(parseSince),
    db.llmCall.groupBy({
      by: ["errorCode"],
      where: { createdAt: { gte: parseSince }, errorCode: { in: UNUSABLE_ANSWER } },
      _count: true,
      orderBy: { _count: { errorCode: "desc" } },
    }),
  ]);
  const recent = calls ? `; last 5 min: ${plural(calls, "call")}, ${failed} failed` : "; no calls in the last 5 min";
  // Most recent calls failing (after their retries) means the endpoint is in trouble.
  const transportTrouble = calls >= 4 && failed * 2 > calls;
  // So does a model that answers, but answers what cannot be used: runs lose items to it.
  const unusableCount = unusable.reduce((n, row) => n + row._count, 0);
  const parseTrouble = windowCalls >= UNUSABLE_MIN_CALLS && unusableCount / windowCalls >= UNUSABLE_SHARE;
  const kinds = unusable.map((row) => (unusable.length > 1 ? `${row.errorCode} ${row._count}` : row.errorCode)).join(", ");
  const unusableDetail = parseTrouble
    ? `; ${unusableCount} of ${plural(windowCalls, "call")} in the last ${UNUSABLE_WINDOW_MIN} min gave unusable answers (${kinds})`
    : "";
  return {
    status: transportTrouble || parseTrouble ? "degraded" : "ok",
    detail: `${plural(profiles, "endpoint profile")} configured${recent}${unusableDetail}`,
  };
}

async function checkSandbox(searchPath: string, mode: SandboxMode): Promise<SandboxHealth> {
  const { available } = await detectToolchains(SANDBOX_PATH);
  const languages = await Promise.all(
    LANGUAGES.map(async (language): Promise<SandboxLanguage> => {
      if (available.includes(language)) return { language, available: true, detail: await toolchainVersion(language) };
      const onHost = (await detectToolchains(searchPath)).available.includes(language);
      const needs = TOOLCHAINS[language].join(" and ");
      return {
        language,
        available: false,
        detail: onHost
          ? `${needs} found on PATH but not under /usr (the sandbox sees only /usr): install the Debian package`
          : `${needs} not installed`,
      };
    }),
  );
  const ready = languages.filter((l) => l.available).map((l) => l.language);
  const missing = languages.filter((l) => !l.available).map((l) => `${l.language} (${l.detail})`);
  const which = `${ready.length ? `runs ${ready.join(", ")}` : "no language's toolchain is installed"}${missing.length ? `; unavailable: ${missing.join("; ")}` : ""}`;
  const sandbox = sandboxStatus(mode);
  if (!sandbox.ok) return { status: "down", detail: `Code verification is off: ${sandbox.reason}. (${which})`, languages };
  if (sandbox.mode === "unsafe-local" || missing.length || !ready.length)
    return { status: "degraded", detail: `${sandbox.detail}; ${which}`, languages };
  return { status: "ok", detail: `${sandbox.detail}; ${which}`, languages };
}

/** Never throws: a component that fails its check is reported down, with the reason. */
async function guarded(check: () => Promise<ComponentHealth>): Promise<ComponentHealth> {
  try {
    return await check();
  } catch (error) {
    return { status: "down", detail: describeDatabaseError(error) };
  }
}

export async function getSystemHealth({
  db,
  staleSeconds,
  searchPath,
  sandboxMode = "isolated",
}: {
  db: Db;
  staleSeconds: number;
  searchPath: string;
  sandboxMode?: SandboxMode;
}): Promise<SystemHealth> {
  const dbHealth = await guarded(() => checkDb(db));
  const unreachable: ComponentHealth = { status: "down", detail: "Unknown: the database is unreachable" };
  const failedSandbox = async (): Promise<SandboxHealth> => {
    try {
      return await checkSandbox(searchPath, sandboxMode);
    } catch (error) {
      return { status: "down", detail: (error as Error).message.split("\n")[0] ?? "check failed", languages: [] };
    }
  };
  const [worker, model, sandbox] = await Promise.all([
    dbHealth.status === "ok" ? guarded(() => checkWorkers(db, staleSeconds)) : unreachable,
    dbHealth.status === "ok" ? guarded(() => checkModel(db)) : unreachable,
    failedSandbox(),
  ]);
  return { db: dbHealth, worker, model, sandbox };
}
