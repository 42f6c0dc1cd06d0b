import type { Db } from "@/lib/db/client";
import { meanPassAtK } from "@/lib/eval/pass-at-k";
import type { EvalSummary, LanguageScore } from "@/lib/eval/types";

/**
 * A run's progress and per-language scores, recomputed from its eval_results as they settle (so
 * two jobs settling at once cannot lose a count), and its end once every answer is in: SUCCEEDED,
 * or FINISHED_WITH_FAILURES when some answers could not be got (NO_ANSWER).
 */

interface Counts {
  language: string;
  task_id: string;
  n: number;
  c: number;
  missing: number;
}

/** The summary before any answer: problems and excluded per language, nothing scored yet. */
export function emptySummary(problems: Record<string, number>, excluded: Record<string, number>, k: number): EvalSummary {
  return Object.fromEntries(
    Object.keys(problems).map((language) => [language, score(problems[language]!, excluded[language] ?? 0, k, [])]),
  );
}

function score(problems: number, excluded: number, k: number, rows: Counts[]): LanguageScore {
  const perProblem = rows.map((row) => ({ n: row.n, c: row.c }));
  const result: LanguageScore = {
    problems,
    samples: rows.reduce((sum, row) => sum + row.n, 0),
    passed: rows.reduce((sum, row) => sum + row.c, 0),
    excluded,
    "pass@1": meanPassAtK(perProblem, 1),
  };
  if (k > 1) Object.assign(result, { k, "pass@k": meanPassAtK(perProblem, k) });
  return result;
}

export async function refreshEvalRun(db: Db, runId: string): Promise<{ done: number; total: number; finished: boolean }> {
  const run = await db.evalRun.findUniqueOrThrow({
    where: { id: runId },
    select: { total: true, samples: true, summary: true, status: true },
  });
  const rows = await db.$queryRaw<Counts[]>`
    select language, task_id, count(*)::int as n,
      (count(*) filter (where verdict = 'PASS'))::int as c,
      (count(*) filter (where verdict = 'NO_ANSWER'))::int as missing
    from eval_results where eval_run_id = ${runId}::uuid group by language, task_id`;
  const before = (run.summary ?? {}) as unknown as EvalSummary;
  const summary: EvalSummary = {};
  for (const [language, previous] of Object.entries(before))
    summary[language] = score(
      previous.problems,
      previous.excluded,
      run.samples,
      rows.filter((row) => row.language === language),
    );
  const done = rows.reduce((sum, row) => sum + row.n, 0);
  const missing = rows.reduce((sum, row) => sum + row.missing, 0);
  const finished = done >= run.total;
  const ended = run.status === "CANCELLED" || run.status === "FAILED";
  await db.evalRun.update({
    where: { id: runId },
    data: {
      done,
      summary: summary as object,
      ...(finished && !ended
        ? {
            status: missing ? "FINISHED_WITH_FAILURES" : "SUCCEEDED",
            error: missing ? `${missing} answer(s) could not be got from the model (NO_ANSWER): see their output.` : null,
            finishedAt: new Date(),
          }
        : {}),
    },
  });
  return { done, total: run.total, finished };
}
