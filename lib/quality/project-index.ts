import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { bundledIndexInSlices, buildContaminationIndex } from "@/lib/quality/decontaminate";
import type { ContaminationHit, ContaminationIndex } from "@/lib/quality/types";

type Tx = Db | Prisma.TransactionClient;

/**
 * A project's contamination index: the bundled benchmarks (built once per process, in slices) plus the
 * project's own benchmark files. The project's part is small and rebuilt only when its files
 * change: the cache is keyed by a stamp of the `benchmarks` rows (count, problems, last update),
 * one cheap aggregate per call, so an upload elsewhere (another process) is seen on the next check.
 */

const MAX_PROJECTS = 64;
const cache = new Map<string, { stamp: string; index: ContaminationIndex }>();

/** The stronger of two hits (the engine's order: higher share of the benchmark text matched). */
function stronger(a: ContaminationHit | null, b: ContaminationHit | null): ContaminationHit | null {
  if (!a) return b;
  if (!b) return a;
  return b.score > a.score ? b : a;
}

function combined(bundled: ContaminationIndex, own: ContaminationIndex): ContaminationIndex {
  return {
    check: (item) => stronger(bundled.check(item), own.check(item)),
    sizes: { ...bundled.sizes, ...own.sizes },
  };
}

/** What the cache is keyed by: the project's benchmark files (`BENCHMARK_STAMP` reads it). */
export type BenchmarkStamp = { files: number; problems: number; updated: Date | null };

/**
 * The stamp's columns for a query over `projects p` (`from projects p ${BENCHMARK_STAMP}`), so a
 * caller reading the project anyway gets them in the same statement.
 */
export const BENCHMARK_STAMP = Prisma.sql`
  cross join lateral (select count(*)::int as files, coalesce(sum(b.problem_count), 0)::int as problems, max(b.updated_at) as updated
                        from benchmarks b where b.project_id = p.id) stamp`;

/** `known`: the project's benchmark stamp when the caller has just read it (BENCHMARK_STAMP), else read here. */
export async function projectContaminationIndex(db: Tx, projectId: string, known?: BenchmarkStamp): Promise<ContaminationIndex> {
  const row =
    known ?? (await db.$queryRaw<BenchmarkStamp[]>`select stamp.* from projects p ${BENCHMARK_STAMP} where p.id = ${projectId}::uuid`)[0];
  const bundled = await bundledIndexInSlices();
  if (!row?.files) return bundled;
  const stamp = `${row.files}:${row.problems}:${row.updated?.toISOString() ?? ""}`;
  const hit = cache.get(projectId);
  if (hit?.stamp === stamp) return hit.index;
  const problems = await db.$queryRaw<
    { benchmark: string; taskId: string; language: string | null; statement: string | null; solution: string | null }[]
  >`
    select b.name as benchmark, p.task_id as "taskId", p.language, p.statement, p.solution
      from benchmark_problems p join benchmarks b on b.id = p.benchmark_id
     where b.project_id = ${projectId}::uuid order by b.name, p.task_id`;
  const own = buildContaminationIndex(
    problems.map((p) => ({
      benchmark: p.benchmark,
      taskId: p.taskId,
      language: p.language ?? undefined,
      statement: p.statement ?? undefined,
      solution: p.solution ?? undefined,
    })),
  );
  const index = combined(bundled, own);
  if (cache.size >= MAX_PROJECTS) cache.delete(cache.keys().next().value!);
  cache.set(projectId, { stamp, index });
  return index;
}
