import "server-only";
import type { Db } from "@/lib/db/client";
import type { ComponentHealth, SystemHealth } from "@/lib/health/types";
import { detectToolchains } from "@/lib/sandbox/toolchains";

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

async function checkDb(db: Db): Promise<ComponentHealth> {
  const started = performance.now();
  const [{ version }] = await db.$queryRaw<[{ version: string }]>`select current_setting('server_version') as version`;
  return { status: "ok", detail: `PostgreSQL ${version}, answered in ${Math.round(performance.now() - started)} ms` };
}

async function checkWorkers(db: Db, staleSeconds: number): Promise<ComponentHealth> {
  const since = new Date(Date.now() - staleSeconds * 1000);
  const [alive, [{ waiting }]] = await Promise.all([
    db.worker.findMany({ where: { stoppedAt: null, lastSeenAt: { gte: since } }, select: { hostname: true, pid: true }, orderBy: { startedAt: "asc" }, take: 20 }),
    // graphile-worker's own view of jobs ready to run now.
    db.$queryRaw<[{ waiting: number }]>`select count(*)::int as waiting from graphile_worker.jobs where locked_at is null and run_at <= now() and attempts < max_attempts`,
  ]);
  if (alive.length === 0) {
    return { status: "down", detail: `No worker has reported in the last ${staleSeconds} s (${plural(waiting, "job")} waiting). Start one with \`rosetta worker\`.` };
  }
  const where = alive.map((worker) => `${worker.hostname}:${worker.pid}`).join(", ");
  return { status: "ok", detail: `${plural(alive.length, "worker")} alive (${where}); ${plural(waiting, "job")} waiting` };
}

async function checkModel(db: Db): Promise<ComponentHealth> {
  const profiles = await db.endpointProfile.count();
  if (profiles === 0) {
    return {
      status: "unconfigured",
      detail: "No model endpoint configured. Import, review and export work without one; to synthesize, add an OpenAI-compatible endpoint: rosetta endpoint add --name <name> --base-url <url> --model <model>.",
    };
  }
  const since = new Date(Date.now() - 5 * 60_000);
  const [calls, failed] = await Promise.all([
    db.llmCall.count({ where: { createdAt: { gte: since } } }),
    db.llmCall.count({ where: { createdAt: { gte: since }, errorCode: { not: null } } }),
  ]);
  const recent = calls ? `; last 5 min: ${plural(calls, "call")}, ${failed} failed` : "; no calls in the last 5 min";
  // Most recent calls failing (after their retries) means the endpoint is in trouble.
  return { status: calls >= 4 && failed * 2 > calls ? "degraded" : "ok", detail: `${plural(profiles, "endpoint profile")} configured${recent}` };
}

async function checkSandbox(searchPath: string): Promise<ComponentHealth> {
  const { bubblewrap, available, missing } = await detectToolchains(searchPath);
  const toolchains = `toolchains found for ${available.join(", ") || "no language"}${missing.length ? `; missing: ${missing.join(", ")}` : ""}`;
  // The verifier that runs code in the sandbox is not part of this build yet: say so rather than "ok".
  return {
    status: "unconfigured",
    detail: `Code verification is not enabled in this version. bubblewrap ${bubblewrap ? "installed" : "not installed"}; ${toolchains}.`,
  };
}

/** Never throws: a component that fails its check is reported down, with the reason. */
async function guarded(check: () => Promise<ComponentHealth>): Promise<ComponentHealth> {
  try {
    return await check();
  } catch (error) {
    return { status: "down", detail: (error as Error).message.split("\n")[0] ?? "check failed" };
  }
}

export async function getSystemHealth({ db, staleSeconds, searchPath }: { db: Db; staleSeconds: number; searchPath: string }): Promise<SystemHealth> {
  const dbHealth = await guarded(() => checkDb(db));
  const unreachable: ComponentHealth = { status: "down", detail: "Unknown: the database is unreachable" };
  const [worker, model, sandbox] = await Promise.all([
    dbHealth.status === "ok" ? guarded(() => checkWorkers(db, staleSeconds)) : unreachable,
    dbHealth.status === "ok" ? guarded(() => checkModel(db)) : unreachable,
    guarded(() => checkSandbox(searchPath)),
  ]);
  return { db: dbHealth, worker, model, sandbox };
}
