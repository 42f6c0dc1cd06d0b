import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { CandidateDetail } from "@/lib/review/candidate-types";
import { claimView } from "@/lib/review/claims";
import { itemQuality } from "@/lib/review/item-quality";

export async function candidateDetail(db: Db, id: string, viewerId?: string): Promise<CandidateDetail> {
  const c = await db.candidate.findUnique({
    where: { id },
    include: {
      revisions: { orderBy: { number: "asc" } },
      verificationRuns: { orderBy: { round: "asc" } },
      seeds: { include: { seedSample: { select: { id: true, language: true, instruction: true, solution: true } } } },
      claimedBy: { select: { email: true } },
      project: { select: { slug: true } },
      reviews: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          decision: true,
          comment: true,
          createdAt: true,
          reviewer: { select: { email: true } },
          revision: { select: { number: true } },
          reopening: { select: { reason: true, createdAt: true, reopenedBy: { select: { email: true } } } },
        },
      },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", `No candidate ${id}.`);
  const quality = await itemQuality(db, c.id);
  return {
    id: c.id,
    projectId: c.projectId,
    projectSlug: c.project.slug,
    source: c.source,
    language: c.language,
    sourceLanguage: c.sourceLanguage,
    evolutionOperation: c.evolutionOperation,
    reviewStatus: c.reviewStatus,
    verificationStatus: c.verificationStatus,
    totalScore: c.totalScore,
    discussionId: c.discussionId,
    currentRevisionId: c.currentRevisionId,
    revisions: c.revisions.map((r) => ({
      id: r.id,
      number: r.number,
      authorKind: r.authorKind,
      instruction: r.instruction,
      solution: r.solution,
      tests: r.tests,
      note: r.note,
      createdAt: r.createdAt.toISOString(),
    })),
    verifications: c.verificationRuns.map((v) => ({
      revisionId: v.revisionId,
      round: v.round,
      status: v.status,
      reason: v.reason,
      durationMs: v.durationMs,
    })),
    claim: claimView(c, viewerId),
    seeds: c.seeds.map((s) => s.seedSample),
    quality,
    // A reopening always follows the decision it took back (and precedes the next one), so the
    // decisions in order, each followed by its reopening, are the history in order.
    history: c.reviews.flatMap((r) => [
      { kind: r.decision, by: r.reviewer.email, at: r.createdAt.toISOString(), revision: r.revision.number, note: r.comment },
      ...(r.reopening
        ? [
            {
              kind: "REOPEN" as const,
              by: r.reopening.reopenedBy.email,
              at: r.reopening.createdAt.toISOString(),
              revision: null,
              note: r.reopening.reason,
            },
          ]
        : []),
    ]),
  };
}
