import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { suiteName } from "@/lib/eval/suite-catalog";
import type { LanguageScore } from "@/lib/eval/types";
import type { EvalLanguageView, EvalRunView } from "@/lib/eval/view-types";
import { AppError } from "@/lib/errors";

/** The read side of the studio's evaluations: runs with live progress per language, from eval_runs and eval_results. */

const LIVE: string[] = ["QUEUED", "RUNNING"];
const INCLUDE = { endpointProfile: { select: { id: true, name: true } }, datasetVersion: { select: { id: true, tag: true } } } as const;

type RunRow = NonNullable<Awaited<ReturnType<typeof loadRuns>>>[number];

function loadRuns(db: Db, where: { projectId: string; id?: { in: string[] } }, take?: number) {
  return db.evalRun.findMany({ where, include: INCLUDE, orderBy: { createdAt: "desc" }, take });
}

/** The summary JSON as the engine writes it; anything unreadable counts as no summary yet. */
function summaryOf(json: unknown): Record<string, Partial<LanguageScore>> {
  return json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, Partial<LanguageScore>>) : {};
}

async function toViews(db: Db, projectId: string, runs: RunRow[]): Promise<EvalRunView[]> {
  if (!runs.length) return [];
  const ids = runs.map((run) => run.id);
  const counts = await db.evalResult.groupBy({ by: ["evalRunId", "language", "verdict"], where: { evalRunId: { in: ids } }, _count: true });
  const files = await db.benchmark.findMany({ where: { projectId }, select: { id: true, name: true } });
  return runs.map((run) => {
    const summary = summaryOf(run.summary);
    const rows = counts.filter((c) => c.evalRunId === run.id);
    const languages = [...new Set([...run.languages, ...Object.keys(summary), ...rows.map((r) => r.language)])];
    const perLanguage = languages.map((language): EvalLanguageView => {
      const mine = rows.filter((r) => r.language === language);
      const settled = mine.reduce((sum, r) => sum + r._count, 0);
      const passed = mine.filter((r) => r.verdict === "PASS").reduce((sum, r) => sum + r._count, 0);
      // The engine writes the summary from the start and rescores it as answers settle: its pass@1 once it
      // has scored an answer of this language, the answers counted here before that.
      const score = summary[language];
      const scored = typeof score?.["pass@1"] === "number" && (score.samples ?? 0) > 0;
      const final = !LIVE.includes(run.status) || (typeof score?.problems === "number" && settled >= score.problems * run.samples);
      return {
        language,
        settled,
        passed,
        final,
        problems: score?.problems ?? null,
        excluded: score?.excluded ?? null,
        pass1: scored ? score["pass@1"]! : settled ? passed / settled : null,
        k: score?.k ?? null,
        passK: score?.["pass@k"] ?? null,
      };
    });
    return {
      id: run.id,
      label: run.label,
      model: run.model,
      baseUrl: run.baseUrl,
      endpointProfile: run.endpointProfile,
      suite: run.suite,
      suiteName: suiteName(run.suite, files),
      languages: run.languages,
      problemLimit: run.problemLimit,
      samples: run.samples,
      temperature: run.temperature,
      datasetVersion: run.datasetVersion,
      status: run.status,
      error: run.error,
      total: run.total,
      done: run.done,
      perLanguage,
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
    };
  });
}

/** The project's latest evaluations, newest first. */
export async function listEvalRuns({ db, projectId, limit = 50 }: { db: Db; projectId: string; limit?: number }): Promise<EvalRunView[]> {
  return toViews(db, projectId, await loadRuns(db, { projectId }, limit));
}

/** These runs of the project, in the order asked, or a 404 naming the first that is not there. */
export async function getEvalRuns({ db, projectId, ids }: { db: Db; projectId: string; ids: string[] }): Promise<EvalRunView[]> {
  const missing = ids.find((id) => !z.uuid().safeParse(id).success);
  if (missing !== undefined) throw new AppError("NOT_FOUND", `No evaluation ${missing} in this project.`);
  const views = await toViews(db, projectId, await loadRuns(db, { projectId, id: { in: ids } }));
  return ids.map((id) => {
    const view = views.find((v) => v.id === id);
    if (!view) throw new AppError("NOT_FOUND", `No evaluation ${id} in this project.`);
    return view;
  });
}

export async function getEvalRun({ db, projectId, id }: { db: Db; projectId: string; id: string }): Promise<EvalRunView> {
  return (await getEvalRuns({ db, projectId, ids: [id] }))[0]!;
}
