import { defineJob } from "@/lib/jobs/define";
import { refreshClusters } from "@/lib/quality/clusters";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/** Recomputes a project's near-duplicate clusters with its own threshold (enqueued with a per-project key, so a burst runs once). */
export const clusterProject = defineJob("quality.cluster", async ({ projectId }, { db, log }) => {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { settings: true } });
  if (!project) return; // deleted meanwhile
  const { quality } = parseProjectSettings(project.settings);
  const summary = await refreshClusters({ db, projectId, threshold: quality.duplicateThreshold });
  log(
    `project ${projectId}: ${summary.items} items, ${summary.clusters} clusters (${summary.crossLingual} cross-lingual), ${summary.duplicates} duplicates`,
  );
});
