import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { BENCHMARK_STAMP, projectContaminationIndex, type BenchmarkStamp } from "@/lib/quality/project-index";
import type { ContaminationHit } from "@/lib/quality/types";
import { bundledIndexInSlices } from "@/lib/quality/decontaminate";
import { parseProjectSettings, type ProjectSettings } from "@/lib/synthesis/settings";

type Tx = Db | Prisma.TransactionClient;

/**
 * Contamination of candidates at their current revision: run where a revision becomes current
 * (appendRevision: an agent's item, a seed item, a reviewer's edit) and by the cut for any item
 * whose current revision was not checked yet. The flag, the hit and the time of the check are
 * written together, so `quality_checked_at < revision.created_at` means "stale".
 */

/** Whether settings check at all (`quality.decontaminate`, on by default; unreadable settings count as on). */
function checksOn(settings: unknown): boolean {
  try {
    return parseProjectSettings(settings ?? {}).quality.decontaminate;
  } catch {
    return true;
  }
}

/** Whether the project checks at all. */
export async function decontaminationOn(db: Tx, projectId: string): Promise<boolean> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { settings: true } });
  return checksOn(project?.settings);
}

/**
 * Starts building the bundled benchmarks' index in the background (in slices: lib/quality/decontaminate.ts)
 * when `settings` check, so that the first kept item of a worker process finds it built: an item
 * calls this before its model calls. A failure is met again, and reported, where the index is used.
 */
export function warmContaminationIndex(settings: ProjectSettings): void {
  if (settings.quality.decontaminate) bundledIndexInSlices().catch(() => undefined);
}

/**
 * Builds (or finds cached) the project's index before a transaction that will check revisions: the
 * first build of the bundled index takes a while, which a short interactive transaction must not wait on.
 * One statement (the settings and the index's stamp together) when the index is cached.
 */
export async function prepareContaminationCheck(db: Tx, projectId: string): Promise<void> {
  const [row] = await db.$queryRaw<({ settings: unknown } & BenchmarkStamp)[]>`
    select p.settings, stamp.* from projects p ${BENCHMARK_STAMP} where p.id = ${projectId}::uuid`;
  if (row && checksOn(row.settings)) await projectContaminationIndex(db, projectId, row);
}

/**
 * The verdict on a text about to become a candidate's current revision (appendRevision writes it with
 * the revision): undefined when the candidate's project does not check. One statement when the
 * project's index is cached.
 */
export async function contaminationOfText(
  tx: Tx,
  candidateId: string,
  text: { instruction: string; solution: string },
): Promise<{ hit: ContaminationHit | null } | undefined> {
  const [row] = await tx.$queryRaw<({ projectId: string; language: string; settings: unknown } & BenchmarkStamp)[]>`
    select c.project_id::text as "projectId", c.language, p.settings, stamp.*
      from candidates c join projects p on p.id = c.project_id ${BENCHMARK_STAMP}
     where c.id = ${candidateId}::uuid`;
  if (!row || !checksOn(row.settings)) return undefined;
  const index = await projectContaminationIndex(tx, row.projectId, row);
  return { hit: index.check({ language: row.language, ...text }) };
}

/**
 * Checks, in pages, every candidate of a project (but rejected ones, which no cut takes) whose current revision is unchecked or changed
 * since its check, or checked before the project's latest benchmark file came (optionally only those the caller names); returns how many were checked and how
 * many of those are contaminated.
 */
export async function recheckStaleCandidates(
  db: Tx,
  projectId: string,
  ids?: string[],
): Promise<{ checked: number; contaminated: number }> {
  const index = await projectContaminationIndex(db, projectId);
  let checked = 0;
  let contaminated = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db.$queryRaw<{ id: string; language: string; instruction: string; solution: string }[]>`
      select c.id, c.language, r.instruction, r.solution
        from candidates c join revisions r on r.id = c.current_revision_id
       where c.project_id = ${projectId}::uuid and c.id > ${after}::uuid
         and c.review_status <> 'REJECTED'
         and (c.quality_checked_at is null or c.quality_checked_at < r.created_at
              -- a benchmark file added since the check: the item has not been checked against it
              or c.quality_checked_at < (select max(b.updated_at) from benchmarks b where b.project_id = ${projectId}::uuid))
         and (${ids === undefined}::boolean or c.id = any(${ids ?? []}::uuid[]))
       order by c.id limit 1000`;
    if (!rows.length) break;
    after = rows.at(-1)!.id;
    const hits = rows.map((row) => index.check(row));
    const now = new Date();
    // One statement per page: the verdicts as arrays, joined back by id.
    await db.$executeRaw`
      update candidates c set contaminated = t.hit is not null, contamination = t.hit, quality_checked_at = ${now}
        from unnest(${rows.map((r) => r.id)}::uuid[], ${hits.map((h) => (h ? JSON.stringify(h) : null))}::jsonb[]) as t(id, hit)
       where c.id = t.id`;
    checked += rows.length;
    contaminated += hits.filter(Boolean).length;
  }
  return { checked, contaminated };
}
