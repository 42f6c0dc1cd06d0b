import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";
import { uuidv7 } from "@/lib/ids";
import { BenchmarkName, type BenchmarkFile, type BenchmarkList } from "@/lib/projects/benchmark-types";
import { bundledBenchmarks, parseBenchmarkJsonl } from "@/lib/quality/benchmarks";
import type { BenchmarkProblem } from "@/lib/quality/types";

/** Rows per insert: a file of 100 k problems goes in as 100 statements, not 100 k. */
const BATCH = 1_000;

let bundledCounts: { name: string; problems: number }[] | undefined;

/** The bundled benchmarks by name with their problem counts (counted once per process). */
export function bundledBenchmarkCounts(): { name: string; problems: number }[] {
  if (!bundledCounts) {
    const counts = new Map<string, number>();
    for (const problem of bundledBenchmarks()) counts.set(problem.benchmark, (counts.get(problem.benchmark) ?? 0) + 1);
    bundledCounts = [...counts].map(([name, problems]) => ({ name, problems })).sort((a, b) => a.name.localeCompare(b.name));
  }
  return bundledCounts;
}

const view = (b: { id: string; name: string; fileName: string | null; problemCount: number; createdAt: Date }): BenchmarkFile => ({
  id: b.id,
  name: b.name,
  fileName: b.fileName,
  problemCount: b.problemCount,
  createdAt: b.createdAt.toISOString(),
});

export async function listProjectBenchmarks({ db, projectId }: { db: Db; projectId: string }): Promise<BenchmarkList> {
  const files = await db.benchmark.findMany({ where: { projectId }, orderBy: { createdAt: "asc" } });
  return { bundled: bundledBenchmarkCounts(), files: files.map(view) };
}

/** The file's problems, or a 400 naming what is wrong: a bad line (the parser names it), no problems, a task id twice. */
function problemsOf(text: string, name: string): BenchmarkProblem[] {
  let problems: BenchmarkProblem[];
  try {
    problems = parseBenchmarkJsonl(text, name);
  } catch (error) {
    // The parser's message names the line; whatever it throws, it is about the file, not the server.
    if (error instanceof AppError) throw error;
    throw new AppError("BAD_REQUEST", error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (problems.length === 0)
    throw new AppError("BAD_REQUEST", `${name}: the file holds no problems (JSONL, one {task_id, prompt, canonical_solution} a line).`);
  const seen = new Set<string>();
  for (const problem of problems) {
    if (seen.has(problem.taskId)) throw new AppError("BAD_REQUEST", `${name}: task id "${problem.taskId}" appears more than once.`);
    seen.add(problem.taskId);
  }
  return problems;
}

/**
 * Adds a benchmark file to a project: every line checked first, then the benchmark and its problems
 * stored in one transaction (batched inserts), so a bad file stores nothing. The name is what a leak
 * is reported with, so it may not repeat one of the project's or a bundled benchmark's.
 */
export async function addProjectBenchmark({
  db,
  projectId,
  name: rawName,
  fileName,
  text,
}: {
  db: Db;
  projectId: string;
  name: string;
  fileName?: string | null;
  text: string;
}): Promise<BenchmarkFile> {
  const name = parseInput(BenchmarkName, rawName, "benchmark name");
  if (bundledBenchmarkCounts().some((b) => b.name.toLowerCase() === name.toLowerCase()))
    throw new AppError("CONFLICT", `"${name}" is a bundled benchmark already; give the file another name.`);
  const problems = problemsOf(text, name);
  return db.$transaction(
    async (tx) => {
      if (await tx.benchmark.findUnique({ where: { projectId_name: { projectId, name } }, select: { id: true } }))
        throw new AppError("CONFLICT", `The project has a benchmark named "${name}" already; remove it first or choose another name.`);
      const benchmark = await tx.benchmark.create({
        data: { id: uuidv7(), projectId, name, fileName: fileName ?? null, problemCount: problems.length },
      });
      for (let at = 0; at < problems.length; at += BATCH)
        await tx.benchmarkProblem.createMany({
          data: problems.slice(at, at + BATCH).map((p) => ({
            id: uuidv7(),
            benchmarkId: benchmark.id,
            taskId: p.taskId,
            language: p.language ?? null,
            statement: p.statement ?? null,
            solution: p.solution ?? null,
            prompt: p.prompt ?? null,
            tests: p.tests ?? null,
            entryPoint: p.entryPoint ?? null,
          })),
        });
      return view(benchmark);
    },
    { timeout: 60_000 },
  );
}

/** Removes a project's benchmark file and its problems; items flagged against it keep their flag until checked again. */
export async function removeProjectBenchmark({ db, projectId, id }: { db: Db; projectId: string; id: string }): Promise<BenchmarkFile> {
  const found = await db.benchmark.findFirst({ where: { id, projectId } });
  if (!found) throw new AppError("NOT_FOUND", `The project has no benchmark file ${id}.`);
  await db.benchmark.delete({ where: { id: found.id } });
  return view(found);
}

/** A project benchmark by its name (the CLI names files by name). */
export async function findProjectBenchmark({ db, projectId, name }: { db: Db; projectId: string; name: string }) {
  const found = await db.benchmark.findUnique({ where: { projectId_name: { projectId, name } } });
  if (!found) throw new AppError("NOT_FOUND", `The project has no benchmark named "${name}".`);
  return view(found);
}
