import "server-only";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { CandidateDetail } from "@/lib/review/candidate-types";
import { claimView } from "@/lib/review/claims";

export async function candidateDetail(db: Db, id: string, viewerId?: string): Promise<CandidateDetail> {
  const c = await db.candidate.findUnique({
    where: { id },
    include: {
      revisions: { orderBy: { number: "asc" } },
      verificationRuns: { orderBy: { round: "asc" } },
      seeds: { include: { seedSample: { select: { id: true, language: true, instruction: true, solution: true } } } },
      claimedBy: { select: { email: true } },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", `No candidate ${id}.`);
  return {
    id: c.id,
    projectId: c.projectId,
    language: c.language,
    sourceLanguage: c.sourceLanguage,
    reviewStatus: c.reviewStatus,
    verificationStatus: c.verificationStatus,
    totalScore: c.totalScore,
    discussionId: c.discussionId,
    currentRevisionId: c.currentRevisionId,
    revisions: c.revisions.map((r) => ({ id: r.id, number: r.number, authorKind: r.authorKind, instruction: r.instruction, solution: r.solution, tests: r.tests, note: r.note, createdAt: r.createdAt.toISOString() })),
    verifications: c.verificationRuns.map((v) => ({ revisionId: v.revisionId, round: v.round, status: v.status, reason: v.reason, durationMs: v.durationMs })),
    claim: claimView(c, viewerId),
    seeds: c.seeds.map((s) => s.seedSample),
  };
}

/** The project a candidate belongs to, for authorization (an unknown id is a 404 for whoever may ask). */
export async function candidateProject(_request: Request, params: { id: string }): Promise<string> {
  if (!z.uuid().safeParse(params.id).success) throw new AppError("NOT_FOUND", `No candidate ${params.id}.`);
  const candidate = await getDb().candidate.findUnique({ where: { id: params.id }, select: { projectId: true } });
  if (!candidate) throw new AppError("NOT_FOUND", `No candidate ${params.id}.`);
  return candidate.projectId;
}
