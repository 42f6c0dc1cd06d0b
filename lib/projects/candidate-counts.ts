import "server-only";
import type { Db } from "@/lib/db/client";

export interface CandidateCountRow {
  language: string;
  source: string;
  verificationStatus: string;
  reviewStatus: string;
  count: number;
}

/** Rows beyond one per key a read tolerates before folding them (a fold rewrites the project's few hundred rows). */
const FOLD_AFTER = 256;

/**
 * A project's candidates per language, source and statuses, from the counts the candidates' triggers
 * append (migration 20261209200000_ui_at_scale): a sum over a few hundred rows instead of a
 * grouping of every candidate. When the appended rows pile up (a run adds some every statement),
 * the read folds them back to one per key, deleting and summing in one statement so a concurrent
 * fold or writer never loses or doubles a count.
 */
export async function candidateCounts(db: Db, projectId: string): Promise<CandidateCountRow[]> {
  const rows = await db.$queryRaw<
    { language: string; source: string; verification_status: string; review_status: string; n: bigint; parts: bigint }[]
  >`select language, source::text, verification_status::text, review_status::text, sum(n) as n, count(*) as parts
      from candidate_counts where project_id = ${projectId}::uuid group by 1, 2, 3, 4`;
  const parts = rows.reduce((sum, row) => sum + Number(row.parts), 0);
  if (parts > rows.length + FOLD_AFTER) await foldCandidateCounts(db, projectId);
  return rows
    .filter((row) => row.n !== 0n)
    .map((row) => ({
      language: row.language,
      source: row.source,
      verificationStatus: row.verification_status,
      reviewStatus: row.review_status,
      count: Number(row.n),
    }));
}

async function foldCandidateCounts(db: Db, projectId: string): Promise<void> {
  await db.$executeRaw`
    with gone as (delete from candidate_counts where project_id = ${projectId}::uuid returning language, source, verification_status, review_status, n)
    insert into candidate_counts (id, project_id, language, source, verification_status, review_status, n)
    select uuidv7(), ${projectId}::uuid, language, source, verification_status, review_status, sum(n) from gone
     group by 3, 4, 5, 6 having sum(n) <> 0`;
}
