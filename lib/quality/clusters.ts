import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { createNearDuplicateIndex } from "@/lib/quality/near-duplicates";

/** Candidates read per query: large enough that round trips do not dominate, small enough to stream. */
export const CLUSTER_PAGE_SIZE = 2000;
/** Rows per set-based UPDATE: one statement each, with parameters well under PostgreSQL's limits. */
const WRITE_CHUNK = 10_000;

export interface ClusterPageRow {
  id: string;
  language: string;
  score: number | null;
  instruction: string | null;
  solution: string | null;
}

/**
 * One keyset page of a project's candidates with their current revision's text (every source:
 * the agents' items and the seed pairs alike). Exported so the benchmark's plain pass reads the
 * very same rows the same way.
 */
export function readClusterPage(db: Db, projectId: string, after: string | null): Promise<ClusterPageRow[]> {
  return db.$queryRaw<ClusterPageRow[]>`
    select c.id, c.language, c.total_score as score, r.instruction, r.solution
      from candidates c
      left join revisions r on r.id = c.current_revision_id
     where c.project_id = ${projectId}::uuid and (${after}::uuid is null or c.id > ${after}::uuid)
     order by c.id
     limit ${CLUSTER_PAGE_SIZE}`;
}

export interface ClusterSummary {
  /** Clusters stored (two members or more). */
  clusters: number;
  /** Items that point at a same-language member kept in their place. */
  duplicates: number;
  /** Clusters spanning several languages. */
  crossLingual: number;
  /** Candidates read. */
  items: number;
}

/**
 * Recomputes a project's near-duplicate clusters over every candidate's current revision and
 * stores them: the project's `duplicate_clusters` replaced, each candidate's `cluster_id` and
 * `duplicate_of_id` set or cleared, in one transaction (readers never see half a refresh). Reading
 * streams in pages and keeps only shingle sets and band keys, so 100 k items fit in modest memory.
 */
export async function refreshClusters({
  db,
  projectId,
  threshold,
}: {
  db: Db;
  projectId: string;
  threshold: number;
}): Promise<ClusterSummary> {
  const index = createNearDuplicateIndex({ threshold });
  let items = 0;
  let after: string | null = null;
  for (;;) {
    const page = await readClusterPage(db, projectId, after);
    for (const row of page) {
      index.add({ id: row.id, language: row.language, instruction: row.instruction ?? "", solution: row.solution ?? "", score: row.score });
    }
    items += page.length;
    if (page.length < CLUSTER_PAGE_SIZE) break;
    after = page[page.length - 1]!.id;
  }
  const groups = index.groups();

  const clusterRows = groups.clusters.map((cluster) => ({ id: randomUUID(), ...cluster }));
  const memberIds: string[] = [];
  const memberClusters: string[] = [];
  const memberDuplicateOf: (string | null)[] = [];
  for (const cluster of clusterRows) {
    for (const member of cluster.members) {
      memberIds.push(member);
      memberClusters.push(cluster.id);
      memberDuplicateOf.push(groups.duplicateOf.get(member) ?? null);
    }
  }

  await db.$transaction(
    async (tx) => {
      // Two refreshes of one project (the job and a version cut) take turns instead of interleaving their writes.
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`duplicate-clusters:${projectId}`}))`;
      await tx.$executeRaw`
        update candidates set cluster_id = null, duplicate_of_id = null
         where project_id = ${projectId}::uuid and (cluster_id is not null or duplicate_of_id is not null)`;
      await tx.$executeRaw`delete from duplicate_clusters where project_id = ${projectId}::uuid`;
      for (let i = 0; i < clusterRows.length; i += WRITE_CHUNK) {
        const chunk = clusterRows.slice(i, i + WRITE_CHUNK);
        await tx.$executeRaw`
          insert into duplicate_clusters (id, project_id, size, languages, cross_lingual)
          select x.id, ${projectId}::uuid, x.size, x.languages, x.cross_lingual
            from json_to_recordset(${JSON.stringify(
              chunk.map((cluster) => ({
                id: cluster.id,
                size: cluster.members.length,
                languages: cluster.languages,
                cross_lingual: cluster.crossLingual,
              })),
            )}::json) as x(id uuid, size int, languages text[], cross_lingual boolean)`;
      }
      for (let i = 0; i < memberIds.length; i += WRITE_CHUNK) {
        // The left join drops a duplicate_of that was deleted since the read (it would break the foreign key).
        await tx.$executeRaw`
          update candidates c set cluster_id = x.cluster_id, duplicate_of_id = kept.id
            from unnest(${memberIds.slice(i, i + WRITE_CHUNK)}::uuid[], ${memberClusters.slice(i, i + WRITE_CHUNK)}::uuid[],
                        ${memberDuplicateOf.slice(i, i + WRITE_CHUNK)}::uuid[]) as x(id, cluster_id, duplicate_of)
            left join candidates kept on kept.id = x.duplicate_of
           where c.id = x.id and c.project_id = ${projectId}::uuid`;
      }
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );

  return {
    clusters: clusterRows.length,
    duplicates: groups.duplicateOf.size,
    crossLingual: clusterRows.filter((cluster) => cluster.crossLingual).length,
    items,
  };
}
