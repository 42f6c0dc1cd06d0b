import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { suiteProblems } from "@/lib/eval/suites";
import type { EvalProblem } from "@/lib/eval/types";

/**
 * A suite by name: a bundled one, or "benchmark:<id>", a project's own benchmark file (uploaded for
 * decontamination; the same file evaluates models): its problems that give a language, a prompt and
 * tests ({task_id, language, prompt, tests, entry_point?}), run by the generic harness (prompt and
 * code, then the tests).
 */
export async function loadSuite(db: Db, suite: string, projectId?: string | null): Promise<EvalProblem[]> {
  const own = /^benchmark:(.+)$/.exec(suite);
  if (!own) return suiteProblems(suite);
  const benchmark = await db.benchmark
    .findFirst({ where: { id: own[1]!, ...(projectId ? { projectId } : {}) }, select: { id: true, name: true } })
    .catch(() => null);
  if (!benchmark) throw new AppError("NOT_FOUND", `No benchmark file "${own[1]}"${projectId ? " in this project" : ""}.`);
  const rows = await db.benchmarkProblem.findMany({
    where: { benchmarkId: benchmark.id, language: { not: null }, prompt: { not: null }, tests: { not: null } },
    // Rows of one upload share a millisecond, where uuidv7 ids need not follow the file's order: a stable order by task.
    orderBy: [{ language: "asc" }, { taskId: "asc" }, { id: "asc" }],
  });
  if (!rows.length)
    throw new AppError(
      "BAD_REQUEST",
      `The benchmark file "${benchmark.name}" has no problem to evaluate on: each needs a language, a prompt and tests ({task_id, language, prompt, tests, entry_point?}).`,
    );
  return rows.map((row) => ({
    suite,
    taskId: row.taskId,
    language: row.language!,
    prompt: row.prompt!,
    tests: row.tests!,
    entryPoint: row.entryPoint ?? undefined,
  }));
}
