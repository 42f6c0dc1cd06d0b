import "server-only";
import type { Db } from "@/lib/db/client";
import { summarizeLlmUsage } from "@/lib/llm/usage";
import type { Dashboard } from "@/lib/projects/dashboard-types";
import { itemStatusOf } from "@/lib/synthesis/items";

const ITEM_STATUSES = ["QUEUED", "RUNNING", "DONE", "FAILED"] as const;

/**
 * Per-stage progress of the run people are watching: the running one if there is one, else the
 * latest. Stages come in the order the run asked for them, each with its items by status (a stage
 * the queue has not reached yet shows with zeros, so the chart does not jump when it starts).
 */
export async function runProgress(db: Db, projectId: string): Promise<Omit<NonNullable<Dashboard["progress"]>, "reasons"> | null> {
  const run =
    (await db.synthesisRun.findFirst({
      where: { projectId, status: "RUNNING" },
      orderBy: { id: "desc" },
      select: { id: true, status: true, stage: true, stages: true },
    })) ??
    (await db.synthesisRun.findFirst({
      where: { projectId },
      orderBy: { id: "desc" },
      select: { id: true, status: true, stage: true, stages: true },
    }));
  if (!run) return null;
  const rows = await db.runItem.groupBy({ by: ["stage", "status"], where: { runId: run.id }, _count: true });
  const order = [...run.stages, ...rows.map((row) => row.stage).filter((stage) => !run.stages.includes(stage))];
  const stages = [...new Set(order)].map((stage) => {
    const counts = Object.fromEntries(ITEM_STATUSES.map((status) => [status.toLowerCase(), 0])) as Record<
      Lowercase<(typeof ITEM_STATUSES)[number]>,
      number
    >;
    for (const row of rows)
      if (row.stage === stage) counts[itemStatusOf(run.status, row.status).toLowerCase() as keyof typeof counts] += row._count;
    return { stage, ...counts };
  });
  return { runId: run.id, status: run.status, stage: run.stage, stages };
}

/** Tokens, calls and cost per UTC day and per pipeline stage, folded from the usage summary. */
export async function usageBreakdown(db: Db, projectId: string): Promise<Dashboard["usage"]> {
  const rows = await summarizeLlmUsage({ db, projectId });
  const byDay = new Map<string, Dashboard["usage"]["byDay"][number]>();
  const byStage = new Map<string, Dashboard["usage"]["byStage"][number]>();
  for (const row of rows) {
    const day = byDay.get(row.day) ?? { day: row.day, promptTokens: 0, completionTokens: 0, costUsd: 0, calls: 0, failed: 0 };
    const stage = byStage.get(row.stage) ?? { stage: row.stage, promptTokens: 0, completionTokens: 0, costUsd: 0, calls: 0, failed: 0 };
    for (const entry of [day, stage]) {
      entry.promptTokens += row.promptTokens;
      entry.completionTokens += row.completionTokens;
      entry.costUsd += row.costUsd ?? 0;
      entry.calls += row.calls;
      entry.failed += row.failed;
    }
    byDay.set(row.day, day);
    byStage.set(row.stage, stage);
  }
  return {
    byDay: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
    byStage: [...byStage.values()].sort(
      (a, b) => b.promptTokens + b.completionTokens - (a.promptTokens + a.completionTokens) || a.stage.localeCompare(b.stage),
    ),
  };
}
