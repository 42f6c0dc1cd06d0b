import "server-only";
import type { Db } from "@/lib/db/client";
import { BUNDLED_SUITES, type BundledSuite } from "@/lib/eval/types";
import type { EvalSuiteOption } from "@/lib/eval/view-types";
import { LANGUAGES } from "@/lib/languages";
import { bundledBenchmarks } from "@/lib/quality/benchmarks";

/**
 * Which suites the studio offers, in which languages, and each problem's statement for the answer
 * browser, read from the same bundle decontamination checks against (lib/quality/benchmarks.ts).
 * Only languages the sandbox runs count.
 */

const SUITE_NAMES: Record<BundledSuite, string> = { humaneval: "HumanEval", mbxp: "MBXP", "humaneval-x": "HumanEval-X" };

/** The bundled suite a benchmark name belongs to ("MBXP-go" → mbxp). */
function suiteOf(benchmark: string): BundledSuite {
  if (benchmark.startsWith("HumanEval-X-")) return "humaneval-x";
  if (benchmark === "MBPP" || benchmark.startsWith("MBXP-")) return "mbxp";
  return "humaneval";
}

const runnable = new Set<string>(LANGUAGES);
const key = (suite: string, language: string, taskId: string) => `${suite}\u0000${language}\u0000${taskId}`;

let catalog: { options: EvalSuiteOption[]; statements: Map<string, string> } | undefined;

function bundled() {
  if (catalog) return catalog;
  const counts = new Map<BundledSuite, Map<string, number>>(BUNDLED_SUITES.map((suite) => [suite, new Map()]));
  const statements = new Map<string, string>();
  for (const problem of bundledBenchmarks()) {
    if (!problem.language || !runnable.has(problem.language)) continue;
    const suite = suiteOf(problem.benchmark);
    const languages = counts.get(suite)!;
    languages.set(problem.language, (languages.get(problem.language) ?? 0) + 1);
    if (problem.statement) statements.set(key(suite, problem.language, problem.taskId), problem.statement);
  }
  const options = BUNDLED_SUITES.map((id) => ({
    id,
    name: SUITE_NAMES[id],
    languages: [...counts.get(id)!.keys()].sort(),
    problems: [...counts.get(id)!.values()].reduce((sum, n) => sum + n, 0),
  }));
  catalog = { options, statements };
  return catalog;
}

/**
 * The suites a run may use: the bundled ones. (A project's benchmark files hold statements and
 * solutions for decontamination, not tests, so they cannot be run.)
 */
export function listEvalSuites(): EvalSuiteOption[] {
  return bundled().options;
}

/** A suite's display name ("MBXP", or the benchmark file's name); the id itself when unknown. */
export function suiteName(suite: string, files: { id: string; name: string }[] = []): string {
  if ((BUNDLED_SUITES as readonly string[]).includes(suite)) return SUITE_NAMES[suite as BundledSuite];
  return files.find((file) => `benchmark:${file.id}` === suite)?.name ?? suite;
}

/** The statements of these problems of one suite (bundled, or a project's file), by task id. */
export async function problemStatements({
  db,
  suite,
  language,
  taskIds,
}: {
  db: Db;
  suite: string;
  language: string;
  taskIds: string[];
}): Promise<Map<string, string>> {
  if (suite.startsWith("benchmark:")) {
    const rows = await db.benchmarkProblem.findMany({
      where: { benchmarkId: suite.slice("benchmark:".length), taskId: { in: taskIds } },
      select: { taskId: true, statement: true },
    });
    return new Map(rows.flatMap((row) => (row.statement ? [[row.taskId, row.statement] as const] : [])));
  }
  const { statements } = bundled();
  return new Map(
    taskIds.flatMap((taskId) => {
      const statement = statements.get(key(suite, language, taskId));
      return statement ? [[taskId, statement] as const] : [];
    }),
  );
}
