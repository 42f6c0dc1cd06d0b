import "server-only";
import type { Db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue";

/**
 * Asks a worker to refresh the project's near-duplicate clusters. One pending job per project: a
 * burst of calls (every run's end, every batch of edits) coalesces into one refresh.
 */
export async function enqueueClusterRefresh({ db, projectId }: { db: Pick<Db, "$executeRaw">; projectId: string }): Promise<void> {
  await enqueueJob(db, "quality.cluster", { projectId }, { jobKey: `quality-cluster:${projectId}` });
}
