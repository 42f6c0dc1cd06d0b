import "server-only";
import type { Audit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { claimedMessage, releaseCandidate } from "@/lib/review/claims";
import { decidedError, lockCandidateForDecision, revisionMovedError, type Reviewer } from "@/lib/review/decision-state";
import { testsFail } from "@/lib/review/test-status";

export type Decision = "accept" | "reject";

/**
 * A reviewer's decision on the revision they looked at. Conditional, under the candidate's row
 * lock: refused (409) when the item was decided meanwhile, when another revision became current,
 * when another reviewer's claim is active, or (unless confirmed) when its tests fail. Of two
 * simultaneous decisions exactly one is stored; the other is told who decided what, and when.
 * The decision, the new status, the release of the decider's claim and the audit event commit together.
 */
export async function decideCandidate({
  db,
  candidateId,
  revisionId,
  decision,
  reviewer,
  comment,
  acceptFailing = false,
  audit,
}: {
  db: Db;
  candidateId: string;
  revisionId: string;
  decision: Decision;
  reviewer: Reviewer;
  comment?: string;
  acceptFailing?: boolean;
  audit: Audit;
}): Promise<{ id: string; decision: Decision; revisionId: string; decidedAt: Date }> {
  return db.$transaction(async (tx) => {
    const item = await lockCandidateForDecision(tx, candidateId);
    // Decided first: a loser of a race (whether or not it held the claim) hears who won.
    if (item.decided) throw decidedError(item);
    if (item.currentRevision?.id !== revisionId) {
      const named = await tx.revision.findFirst({ where: { id: revisionId, candidateId }, select: { number: true } });
      throw revisionMovedError(item.currentRevision, named);
    }
    if (item.claim && item.claim.claimedById !== reviewer.userId) throw new AppError("CONFLICT", claimedMessage(item.claim, decision));
    const failing = testsFail(item.verificationStatus);
    if (decision === "accept" && failing && !acceptFailing) {
      throw new AppError("CONFLICT", `Its tests do not pass (${item.verificationStatus.toLowerCase()}); confirm to accept it anyway.`);
    }
    const review = await tx.review.create({
      data: {
        candidateId,
        revisionId,
        reviewerId: reviewer.userId,
        decision: decision === "accept" ? "ACCEPT" : "REJECT",
        comment: comment ?? null,
        acceptedDespiteFailures: decision === "accept" && failing,
      },
      select: { id: true, createdAt: true },
    });
    const reviewStatus = decision === "accept" ? "ACCEPTED" : "REJECTED";
    await tx.candidate.update({ where: { id: candidateId }, data: { reviewStatus } });
    // Deciding ends the decider's claim: the item is done, the next reviewer need not wait.
    await releaseCandidate({ db: tx, candidateId, userId: reviewer.userId });
    await audit(
      `candidate.${decision}`,
      { type: "candidate", id: candidateId, projectId: item.projectId },
      {
        before: { reviewStatus: item.reviewStatus },
        after: { reviewStatus, comment, revision: item.currentRevision.number, reviewId: review.id },
      },
      tx,
    );
    return { id: review.id, decision, revisionId, decidedAt: review.createdAt };
  });
}
