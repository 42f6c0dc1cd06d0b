import "server-only";
import type { Db } from "@/lib/db/client";
import type { RunView } from "@/lib/projects/config-types";
import { runFailureReasons } from "@/lib/projects/run-failures";
import { dpoReports } from "@/lib/synthesis/dpo-report";
import { itemStatusOf } from "@/lib/synthesis/items";

/** A project's latest runs with their progress per stage and, for those that lost items, why (what the run controls show, refreshed while one is live). */
export async function listProjectRuns({ db, projectId, limit = 20 }: { db: Db; projectId: string; limit?: number }): Promise<RunView[]> {
  const runs = await db.synthesisRun.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, take: limit });
  if (!runs.length) return [];
  const ids = runs.map((run) => run.id);
  const statusOf = new Map(runs.map((run) => [run.id, run.status]));
  const counts = (await db.runItem.groupBy({ by: ["runId", "stage", "status"], where: { runId: { in: ids } }, _count: true })).map(
    (row) => ({ ...row, status: itemStatusOf(statusOf.get(row.runId)!, row.status) }),
  );
  const tokens = await db.$queryRaw<{ run_id: string; tokens: number }[]>`
    select run_id::text as run_id, coalesce(sum(prompt_tokens + completion_tokens), 0)::int as tokens from llm_calls where run_id = any(${ids}::uuid[]) group by run_id`;
  const settled = (runId: string, status: string) =>
    counts.filter((c) => c.runId === runId && c.status === status).reduce((sum, c) => sum + c._count, 0);
  const reasons = await runFailureReasons(
    db,
    runs.map((run) => ({ id: run.id, done: settled(run.id, "DONE"), failed: settled(run.id, "FAILED") })),
  );
  const dpo = await dpoReports(db, ids);
  return runs.map((run) => ({
    id: run.id,
    status: run.status,
    error: run.error,
    stage: run.stage,
    stages: run.stages,
    round: run.round,
    itemLimit: run.itemLimit,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    progress: run.stages.map((stage) => {
      const rows = counts.filter((c) => c.runId === run.id && c.stage === stage);
      const n = (statuses: string[]) => rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row._count, 0);
      return {
        stage,
        total: n(["QUEUED", "RUNNING", "DONE", "FAILED"]),
        done: n(["DONE"]),
        failed: n(["FAILED"]),
        pending: n(["QUEUED", "RUNNING"]),
      };
    }),
    tokens: tokens.find((t) => t.run_id === run.id)?.tokens ?? 0,
    reasons: reasons.get(run.id) ?? [],
    dpo: dpo.get(run.id) ?? null,
  }));
}
