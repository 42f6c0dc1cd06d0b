import "server-only";
import type { Db } from "@/lib/db/client";
import { FLIP_LIMIT, type EvalComparison, type EvalFlip } from "@/lib/eval/view-types";
import { getEvalRuns } from "@/lib/eval/views";
import { AppError } from "@/lib/errors";

/**
 * Runs side by side in the paper's table shape (rows: runs; columns: languages and their mean, the
 * best of each column marked), and which problems flipped between the first two: a problem counts as
 * passed in a run when most of its samples pass (with k = 1, its one answer).
 */
export async function compareEvalRuns({ db, projectId, ids }: { db: Db; projectId: string; ids: string[] }): Promise<EvalComparison> {
  if (ids.length < 2 || ids.length > 6) throw new AppError("BAD_REQUEST", "Compare two to six evaluations: runs=<id>,<id>[,…].");
  if (new Set(ids).size !== ids.length) throw new AppError("BAD_REQUEST", "Name each evaluation once in runs.");
  const runs = await getEvalRuns({ db, projectId, ids });
  const languages = [...new Set(runs.flatMap((run) => run.perLanguage.map((l) => l.language)))].sort();
  const rows = runs.map((run) => {
    const scores = Object.fromEntries(
      languages.map((language) => [language, run.perLanguage.find((l) => l.language === language)?.pass1 ?? null]),
    );
    const known = Object.values(scores).filter((s): s is number => s !== null);
    return { runId: run.id, scores, average: known.length ? known.reduce((a, b) => a + b, 0) / known.length : null };
  });
  const best: Record<string, string[]> = {};
  for (const column of [...languages, "average"]) {
    const value = (row: (typeof rows)[number]) => (column === "average" ? row.average : row.scores[column]!);
    const top = Math.max(...rows.map((row) => value(row) ?? -1));
    best[column] = top < 0 ? [] : rows.filter((row) => value(row) === top).map((row) => row.runId);
  }
  return { runs, languages, rows, best, flips: await flipsBetween(db, ids[0]!, ids[1]!) };
}

async function flipsBetween(db: Db, from: string, to: string): Promise<EvalComparison["flips"]> {
  const outcomes = await db.$queryRaw<{ language: string; task_id: string; before: boolean; after: boolean }[]>`
    with per_run as (
      select eval_run_id, language, task_id, 2 * count(*) filter (where verdict = 'PASS') > count(*) as passed
      from eval_results where eval_run_id in (${from}::uuid, ${to}::uuid)
      group by eval_run_id, language, task_id)
    select a.language, a.task_id, a.passed as before, b.passed as after
    from per_run a join per_run b on a.language = b.language and a.task_id = b.task_id
    where a.eval_run_id = ${from}::uuid and b.eval_run_id = ${to}::uuid and a.passed <> b.passed
    order by a.passed desc, a.language, a.task_id`;
  const items: EvalFlip[] = outcomes
    .slice(0, FLIP_LIMIT)
    .map((o) => ({ language: o.language, taskId: o.task_id, before: o.before, after: o.after }));
  return {
    from,
    to,
    passToFail: outcomes.filter((o) => o.before).length,
    failToPass: outcomes.filter((o) => !o.before).length,
    items,
  };
}
