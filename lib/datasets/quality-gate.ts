import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { NormalizedFilters } from "@/lib/datasets/create-version";
import { recheckStaleCandidates } from "@/lib/quality/check-candidates";
import { refreshClusters } from "@/lib/quality/clusters";
import { ProjectSettings, parseProjectSettings } from "@/lib/synthesis/settings";

/**
 * The quality gate of a cut (lib/quality/README.md): by default a contaminated item is left out,
 * and of a near-duplicate group (an item kept by the clustering and the same-language members that
 * point to it) only one goes in: the kept one when selected, else the best-scored selected member.
 * `includeContaminated` and `keepDuplicates` turn each off. The removals are counted in the same
 * statement that freezes the items, so the card's figures are those of exactly this cut.
 */

export interface PreparedGate {
  /** The project checks contamination (`quality.decontaminate`); off, the flags neither exclude nor get refreshed. */
  decontaminate: boolean;
  excludeContaminated: boolean;
  keepDuplicates: boolean;
  /** Items whose current revision was checked by this cut (never checked, or changed since). */
  rechecked: number;
}

export async function prepareQualityGate({
  db,
  projectId,
  filters,
  onProgress,
}: {
  db: Db;
  projectId: string;
  filters: NormalizedFilters;
  onProgress?: (step: string) => void;
}): Promise<PreparedGate> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
  let settings: ProjectSettings;
  try {
    settings = parseProjectSettings(project.settings);
  } catch {
    settings = ProjectSettings.parse({}); // a cut is not the place to refuse stored settings: the gate runs with its defaults
  }
  onProgress?.("finding near-duplicates");
  await refreshClusters({ db, projectId, threshold: settings.quality.duplicateThreshold });
  let rechecked = 0;
  if (settings.quality.decontaminate) {
    onProgress?.("checking contamination");
    rechecked = (await recheckStaleCandidates(db, projectId)).checked;
  }
  return {
    decontaminate: settings.quality.decontaminate,
    excludeContaminated: settings.quality.decontaminate && !filters.includeContaminated,
    keepDuplicates: filters.keepDuplicates,
    rechecked,
  };
}

/** The CTEs between the selection (`base`) and the rows frozen (`t`); `ranked` is what passed the contamination check. */
export function cutQualityGate(gate: PreparedGate): Prisma.Sql {
  return Prisma.sql`
    ranked as (
      select b.*, row_number() over (partition by coalesce(b.duplicate_of_id, b.candidate_id)
                                     order by (b.duplicate_of_id is null) desc, b.score desc nulls last, b.item_key collate "C") as dup_rank
        from base b where not (${gate.excludeContaminated}::boolean and b.contaminated)
    ),
    t as materialized (select * from ranked where ${gate.keepDuplicates}::boolean or dup_rank = 1)`;
}

/** The removal counts, as columns of the freezing statement's result. */
export interface GateRow {
  removed_contaminated: number;
  removed_tasks: { benchmark: string; taskId: string; count: number }[];
  removed_duplicates: number;
  removed_clusters: number;
  included_contaminated: number;
  included_clustered: number;
}

export const removalStats = Prisma.sql`
  (select count(*) from base where not exists (select 1 from ranked r where r.item_key = base.item_key))::int as removed_contaminated,
  (select coalesce(jsonb_agg(jsonb_build_object('benchmark', x.benchmark, 'taskId', x.task_id, 'count', x.n)
                             order by x.n desc, x.benchmark collate "C", x.task_id collate "C"), '[]'::jsonb)
     from (select coalesce(b.contamination->>'benchmark', '?') as benchmark, coalesce(b.contamination->>'taskId', '?') as task_id, count(*)::int as n
             from base b where not exists (select 1 from ranked r where r.item_key = b.item_key) group by 1, 2) x) as removed_tasks,
  (select count(*) from ranked where not exists (select 1 from t where t.item_key = ranked.item_key))::int as removed_duplicates,
  (select count(distinct ranked.cluster_id) from ranked where not exists (select 1 from t where t.item_key = ranked.item_key))::int as removed_clusters,
  (select count(*) from t where t.contaminated)::int as included_contaminated,
  (select count(*) from t where t.cluster_id is not null)::int as included_clustered`;
