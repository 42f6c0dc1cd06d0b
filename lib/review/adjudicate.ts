import "server-only";
import { AppError } from "@/lib/errors";
import { claimedMessage, releaseCandidate } from "@/lib/review/claims";
import { assertOnCurrentRevision, assertTestsConfirmed, type DecisionInput, type DecisionOutcome } from "@/lib/review/decide";
import { decidedError, decisionsForAudit, lockCandidateForDecision } from "@/lib/review/decision-state";

/**
 * A curator's final decision on a DISPUTED item (its annotators disagreed), on its current revision.
 * Under the candidate's row lock, like deciding: refused (409) for an item that is not disputed (saying
 * where it stands), on a revision no longer current, while another reviewer's claim is active, or
 * (unless confirmed) when its tests fail. Stored as a review of kind ADJUDICATION beside the
 * annotators' decisions, which stay as they were; the audit event records the adjudication and the
 * decisions it settled (who, what, when). The route checks the `review:adjudicate` permission.
 */
export async function adjudicateCandidate({
  db,
  candidateId,
  revisionId,
  decision,
  reviewer,
  comment,
  acceptFailing = false,
  audit,
}: DecisionInput): Promise<DecisionOutcome<"ACCEPTED" | "REJECTED">> {
  return db.$transaction(async (tx) => {
    const item = await lockCandidateForDecision(tx, candidateId);
    if (item.decided) throw decidedError(item);
    if (item.reviewStatus !== "DISPUTED")
      throw new AppError(
        "CONFLICT",
        `This item is not disputed: ${item.annotations.length} of ${item.required} annotators have decided it, without disagreeing. Only an item whose annotators disagree is adjudicated.`,
      );
    await assertOnCurrentRevision(tx, item, revisionId);
    if (item.claim && item.claim.claimedById !== reviewer.userId) throw new AppError("CONFLICT", claimedMessage(item.claim, "adjudicate"));
    const failing = assertTestsConfirmed(item, decision, acceptFailing);
    const review = await tx.review.create({
      data: {
        candidateId,
        revisionId,
        reviewerId: reviewer.userId,
        decision: decision === "accept" ? "ACCEPT" : "REJECT",
        kind: "ADJUDICATION",
        comment: comment ?? null,
        acceptedDespiteFailures: decision === "accept" && failing,
      },
      select: { id: true, createdAt: true },
    });
    const reviewStatus = decision === "accept" ? "ACCEPTED" : "REJECTED";
    await tx.candidate.update({ where: { id: candidateId }, data: { reviewStatus } });
    await releaseCandidate({ db: tx, candidateId, userId: reviewer.userId });
    await audit(
      "candidate.adjudicate",
      { type: "candidate", id: candidateId, projectId: item.projectId },
      {
        before: { reviewStatus: item.reviewStatus, decisions: decisionsForAudit(item.annotations) },
        after: { reviewStatus, decision, comment, revision: item.currentRevision!.number, reviewId: review.id },
      },
      tx,
    );
    return {
      id: review.id,
      decision,
      revisionId,
      decidedAt: review.createdAt,
      reviewStatus,
      decided: item.annotations.length,
      required: item.required,
    };
  });
}
