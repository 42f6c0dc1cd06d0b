import { defineJob } from "@/lib/jobs/define";
import { asItemFailure } from "@/lib/synthesis/items";
import { parseProjectSettings } from "@/lib/synthesis/settings";
import { verifyRevision } from "@/lib/synthesis/verification";

/** Runs a reviewer's edit against its tests in the sandbox (the review screen shows the verdict when it lands). */
export const verifyEdit = defineJob("review.verify-revision", async ({ revisionId }, { db, services, log }) => {
  const revision = await db.revision.findUnique({
    where: { id: revisionId },
    select: { candidate: { select: { project: { select: { settings: true } } } } },
  });
  if (!revision) return; // deleted meanwhile
  try {
    await verifyRevision({ db, services, revisionId, settings: parseProjectSettings(revision.candidate.project.settings) });
  } catch (error) {
    const failure = asItemFailure(error);
    if (!failure) throw error;
    log(`revision ${revisionId} not verified: ${failure.message}`);
  }
});
