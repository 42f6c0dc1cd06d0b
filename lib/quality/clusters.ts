import "server-only";
import type { Db } from "@/lib/db/client";
import { findNearDuplicates } from "@/lib/quality/near-duplicates";

/** TEMP stand-in (the near-duplicates part ships the real one): recomputes the project's clusters as a whole. */
export async function refreshClusters({
  db,
  projectId,
  threshold,
}: {
  db: Db;
  projectId: string;
  threshold?: number;
}): Promise<{ clusters: number }> {
  const rows = await db.$queryRaw<{ id: string; language: string; instruction: string; solution: string; score: number | null }[]>`
    select c.id, c.language, r.instruction, r.solution, c.total_score as score
      from candidates c join revisions r on r.id = c.current_revision_id where c.project_id = ${projectId}::uuid and c.review_status <> 'REJECTED'
     order by c.id`;
  const groups = findNearDuplicates(rows, { threshold });
  await db.$transaction(async (tx) => {
    await tx.candidate.updateMany({ where: { projectId }, data: { clusterId: null, duplicateOfId: null } });
    await tx.duplicateCluster.deleteMany({ where: { projectId } });
    for (const cluster of groups.clusters) {
      const made = await tx.duplicateCluster.create({
        data: { projectId, size: cluster.members.length, languages: cluster.languages, crossLingual: cluster.crossLingual },
      });
      await tx.candidate.updateMany({ where: { id: { in: cluster.members } }, data: { clusterId: made.id } });
    }
    for (const [id, of] of groups.duplicateOf) await tx.candidate.update({ where: { id }, data: { duplicateOfId: of } });
  });
  return { clusters: groups.clusters.length };
}
