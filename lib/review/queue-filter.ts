import "server-only";
import type { Prisma } from "@/lib/db/client";
import type { QueueFilter } from "@/lib/review/queue-types";

/** The words of a search, at most eight (each one more condition), empty ones dropped. */
export function searchTerms(q: string | undefined): string[] {
  return (q ?? "").split(/\s+/).filter(Boolean).slice(0, 8);
}

/**
 * The candidates a queue filter selects, as a Prisma condition: shared by the queue's pages and the
 * bulk decision, so "decide all these" decides exactly the items the reviewer was looking at.
 * Search terms are substrings (ILIKE, served by the trigram indexes on revisions), so an identifier
 * such as parse_int or parseInt matches as typed, not only whole words.
 */
export function queueWhere(projectId: string, filter: QueueFilter, viewerId?: string, now = new Date()): Prisma.CandidateWhereInput {
  const terms = searchTerms(filter.q);
  return {
    projectId,
    ...(filter.language ? { language: filter.language } : {}),
    ...(filter.review ? { reviewStatus: filter.review } : {}),
    ...(filter.verification ? { verificationStatus: filter.verification } : {}),
    ...(filter.minScore !== undefined ? { totalScore: { gte: filter.minScore } } : {}),
    ...(filter.seed ? { seeds: { some: { seedSampleId: filter.seed } } } : {}),
    ...(filter.source ? { source: filter.source === "seeds" ? { in: ["DS1", "DS2", "IMPORTED"] } : "DS3" } : {}),
    ...(filter.contaminated ? { contaminated: filter.contaminated === "yes" } : {}),
    ...(filter.duplicates ? { duplicateOfId: filter.duplicates === "hide" ? null : { not: null } } : {}),
    ...(filter.difficulty ? { difficulty: { in: filter.difficulty } } : {}),
    ...(filter.minCoverage !== undefined ? { coverage: { gte: filter.minCoverage / 100 } } : {}),
    ...(filter.hideClaimed
      ? {
          OR: [
            { claimedById: null },
            { claimExpiresAt: null },
            { claimExpiresAt: { lte: now } },
            ...(viewerId ? [{ claimedById: viewerId }] : []),
          ],
        }
      : {}),
    ...(terms.length || filter.todo
      ? {
          AND: [
            ...terms.map((term) => ({
              currentRevision: {
                is: {
                  OR: (["instruction", "solution", "tests"] as const).map((field) => ({
                    [field]: { contains: term, mode: "insensitive" as const },
                  })),
                },
              },
            })),
            ...(filter.todo ? [todoWhere(viewerId)] : []),
          ],
        }
      : {}),
  };
}

/**
 * "mine": pending, and no standing decision of the viewer's (a reopened one does not count: the
 * item needs their decision again). An anti-join on reviews (candidate_id, reviewer_id), so the page
 * stays a walk of the candidates' own index.
 */
function todoWhere(viewerId: string | undefined): Prisma.CandidateWhereInput {
  return {
    reviewStatus: "PENDING",
    ...(viewerId ? { reviews: { none: { reviewerId: viewerId, reopening: null } } } : {}),
  };
}
