import { defineJob } from "@/lib/jobs/define";
import { refreshClusters } from "@/lib/quality/clusters";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/** TEMP stand-in (the near-duplicates part ships the real job): recomputes a project's duplicate clusters. */
export const cluster = defineJob("quality.cluster", async ({ projectId }, { db }) => {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { settings: true } });
  if (!project) return;
  await refreshClusters({ db, projectId, threshold: parseProjectSettings(project.settings).quality.duplicateThreshold });
});
