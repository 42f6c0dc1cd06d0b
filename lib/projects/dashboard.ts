import "server-only";
import type { Db } from "@/lib/db/client";
import { projectUsesScriptedModel } from "@/lib/demo/scripted";
import { AppError } from "@/lib/errors";
import { candidateCounts } from "@/lib/projects/candidate-counts";
import { runProgress, usageBreakdown } from "@/lib/projects/dashboard-charts";
import { runFailureReasons } from "@/lib/projects/run-failures";
import type { Dashboard, DiscussionPage } from "@/lib/projects/dashboard-types";
import { itemStatusOf } from "@/lib/synthesis/items";

/** Counts by grouped queries (indexes on project and status), never a whole table in memory. */
export async function projectDashboard(db: Db, projectId: string): Promise<Dashboard> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, slug: true, name: true } });
  if (!project) throw new AppError("NOT_FOUND", `No project ${projectId}.`);
  const id = project.id;
  const [runs, runItems, discussions, snippets, seeds, candidates, failures, progress, usage] = await Promise.all([
    db.synthesisRun.findMany({
      where: { projectId: id },
      orderBy: { id: "desc" },
      take: 10,
      select: { id: true, status: true, stage: true, stages: true, createdAt: true },
    }),
    // Only the runs listed (the ten latest): the dashboard is polled, and a project gathers many runs.
    db.$queryRaw<{ run_id: string; stage: string; status: string; n: number }[]>`
      select run_id::text, stage::text, status::text, count(*)::int as n from run_items
      where run_id in (select id from synthesis_runs where project_id = ${id}::uuid order by id desc limit 10) group by 1, 2, 3`,
    db.discussion.groupBy({ by: ["status"], where: { projectId: id }, _count: true }),
    db.snippet.groupBy({ by: ["language"], where: { projectId: id }, _count: true }),
    db.seedSample.groupBy({ by: ["language", "status"], where: { projectId: id }, _count: true }),
    // Seed items (DS1/DS2) are counted as seeds reviewed, never as synthesized candidates. Maintained
    // counts: grouping a million candidates took hundreds of milliseconds a poll.
    candidateCounts(db, id),
    db.$queryRaw<{ stage: string; reason: string; n: number }[]>`
      select i.stage::text, left(i.reason, 300) as reason, count(*)::int as n from run_items i join synthesis_runs r on r.id = i.run_id
      where r.project_id = ${id}::uuid and i.status = 'FAILED' group by 1, 2 order by 3 desc limit 10`,
    runProgress(db, id),
    usageBreakdown(db, id),
  ]);
  const languages = new Map<string, Dashboard["languages"][number]>();
  const line = (language: string) => {
    let entry = languages.get(language);
    if (!entry)
      languages.set(
        language,
        (entry = {
          language,
          snippets: 0,
          seedsKept: 0,
          seedsDropped: 0,
          seedsAccepted: 0,
          seedsRejected: 0,
          candidates: 0,
          verified: 0,
          passed: 0,
          accepted: 0,
          rejected: 0,
          disputed: 0,
        }),
      );
    return entry;
  };
  for (const row of snippets) line(row.language).snippets += row._count;
  for (const row of seeds) {
    if (row.status === "KEPT") line(row.language).seedsKept += row._count;
    else if (row.status === "DROPPED") line(row.language).seedsDropped += row._count;
  }
  for (const row of candidates) {
    const entry = line(row.language);
    if (row.reviewStatus === "DISPUTED") entry.disputed += row.count;
    if (row.source !== "DS3") {
      if (row.reviewStatus === "ACCEPTED") entry.seedsAccepted += row.count;
      if (row.reviewStatus === "REJECTED") entry.seedsRejected += row.count;
      continue;
    }
    entry.candidates += row.count;
    if (!["PENDING", "RUNNING"].includes(row.verificationStatus)) entry.verified += row.count;
    if (row.verificationStatus === "PASS") entry.passed += row.count;
    if (row.reviewStatus === "ACCEPTED") entry.accepted += row.count;
    if (row.reviewStatus === "REJECTED") entry.rejected += row.count;
  }
  // A cancelled run's queued items are cancelled, settled or not (itemStatusOf).
  const statusOf = new Map(runs.map((run) => [run.id, run.status]));
  for (const row of runItems) row.status = itemStatusOf(statusOf.get(row.run_id) ?? "", row.status);
  // Each listed run's share of lost items, per stage, and (for those that lost any) its top reasons;
  // also the watched run's, when it is older than the ten listed.
  const count = (rows: typeof runItems, status?: string) =>
    rows.filter((r) => !status || r.status === status).reduce((sum, r) => sum + r.n, 0);
  const settled = runs.map((run) => {
    const rows = runItems.filter((r) => r.run_id === run.id);
    return { id: run.id, done: count(rows, "DONE"), failed: count(rows, "FAILED") };
  });
  const watched =
    progress && !settled.some((run) => run.id === progress.runId)
      ? [
          {
            id: progress.runId,
            done: progress.stages.reduce((n, s) => n + s.done, 0),
            failed: progress.stages.reduce((n, s) => n + s.failed, 0),
          },
        ]
      : [];
  const [reasons, scriptedModel] = await Promise.all([runFailureReasons(db, [...settled, ...watched]), projectUsesScriptedModel(db, id)]);
  // The totals are the usage breakdown's days added up (it covers every call): no second scan of llm_calls.
  const total = (pick: (day: Dashboard["usage"]["byDay"][number]) => number) => usage.byDay.reduce((sum, day) => sum + pick(day), 0);
  return {
    project,
    scriptedModel,
    runs: runs.map((run) => {
      const rows = runItems.filter((r) => r.run_id === run.id);
      const items: Record<string, number> = {};
      for (const row of rows) items[row.status] = (items[row.status] ?? 0) + row.n;
      const stages = [...new Set([...run.stages, ...rows.map((r) => r.stage)])].map((stage) => {
        const inStage = rows.filter((r) => r.stage === stage);
        return { stage, total: count(inStage), failed: count(inStage, "FAILED") };
      });
      return {
        id: run.id,
        status: run.status,
        stage: run.stage,
        createdAt: run.createdAt.toISOString(),
        items,
        total: count(rows),
        failed: count(rows, "FAILED"),
        stages,
        reasons: reasons.get(run.id) ?? [],
      };
    }),
    discussions: Object.fromEntries(discussions.map((d) => [d.status, d._count])),
    languages: [...languages.values()].sort((a, b) => a.language.localeCompare(b.language)),
    disputed: [...languages.values()].reduce((sum, l) => sum + l.disputed, 0),
    tokens: total((day) => day.promptTokens + day.completionTokens),
    costUsd: total((day) => day.costUsd),
    failures: failures.map((f) => ({ stage: f.stage, reason: f.reason, count: f.n })),
    progress: progress && { ...progress, reasons: reasons.get(progress.runId) ?? [] },
    usage,
  };
}

export async function projectDiscussions(
  db: Db,
  projectId: string,
  { cursor, limit }: { cursor?: string; limit: number },
): Promise<DiscussionPage> {
  const rows = await db.discussion.findMany({
    where: { projectId, ...(cursor ? { id: { lt: cursor } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: {
      id: true,
      mode: true,
      targetLanguage: true,
      status: true,
      startedAt: true,
      createdAt: true,
      participants: { select: { agent: { select: { language: true } } }, orderBy: { id: "asc" } },
      _count: { select: { turns: true, candidates: true } },
    },
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((d) => ({
      id: d.id,
      mode: d.mode,
      targetLanguage: d.targetLanguage,
      status: d.status,
      participants: d.participants.map((p) => p.agent.language),
      turns: d._count.turns,
      candidates: d._count.candidates,
      startedAt: d.startedAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}
