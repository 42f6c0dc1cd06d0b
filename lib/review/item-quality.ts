import "server-only";
import type { Db } from "@/lib/db/client";
import { ContaminationHit, type ItemQuality } from "@/lib/review/quality-types";

/** At most this many of a cluster's other members are listed (a cluster of hundreds says its size). */
const MEMBERS_SHOWN = 50;

/**
 * One candidate's quality flags for its review panel: the contamination hit, the item kept in its
 * place and its cluster's other members, and the latest independent check with its trials.
 */
export async function itemQuality(db: Db, candidateId: string): Promise<ItemQuality> {
  const c = await db.candidate.findUniqueOrThrow({
    where: { id: candidateId },
    select: {
      contaminated: true,
      contamination: true,
      difficulty: true,
      solveRate: true,
      coverage: true,
      duplicateOf: { select: { id: true, language: true, currentRevision: { select: { instruction: true } } } },
      cluster: {
        select: {
          id: true,
          size: true,
          languages: true,
          crossLingual: true,
          members: {
            where: { id: { not: candidateId } },
            select: { id: true, language: true, duplicateOfId: true },
            orderBy: [{ language: "asc" }, { id: "asc" }],
            take: MEMBERS_SHOWN,
          },
        },
      },
      solveChecks: {
        orderBy: { createdAt: "desc" },
        take: 1,
        include: { trials: { orderBy: { index: "asc" } }, revision: { select: { number: true } } },
      },
    },
  });
  // A hit stored in another shape (an older engine) is shown as the bare flag rather than failing the panel.
  const hit = ContaminationHit.safeParse(c.contamination);
  const check = c.solveChecks[0];
  return {
    contaminated: c.contaminated,
    contamination: hit.success ? hit.data : null,
    duplicateOf: c.duplicateOf
      ? {
          id: c.duplicateOf.id,
          language: c.duplicateOf.language,
          instruction: (c.duplicateOf.currentRevision?.instruction ?? "").slice(0, 200),
        }
      : null,
    cluster: c.cluster,
    difficulty: c.difficulty,
    solveRate: c.solveRate,
    coverage: c.coverage,
    check: check
      ? {
          id: check.id,
          revisionId: check.revisionId,
          revision: check.revision.number,
          interface: check.interface,
          tests: check.tests,
          samples: check.samples,
          passed: check.passed,
          solveRate: check.solveRate,
          difficulty: check.difficulty,
          keptTrialIndex: check.keptTrialIndex,
          ownSolutionStatus: check.ownSolutionStatus,
          ownTestsStatus: check.ownTestsStatus,
          coverage: check.coverage,
          coveredLines: check.coveredLines,
          totalLines: check.totalLines,
          failingOutput: check.failingOutput,
          createdAt: check.createdAt.toISOString(),
          trials: check.trials.map((t) => ({
            index: t.index,
            status: t.status,
            reason: t.reason,
            outputTokens: t.outputTokens,
            durationMs: t.durationMs,
            solution: t.solution,
          })),
        }
      : null,
  };
}
