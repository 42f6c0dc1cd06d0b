import "server-only";
import type { Audit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { claimedMessage } from "@/lib/review/claims";
import { lockCandidateForDecision, utc, type Reviewer } from "@/lib/review/decision-state";

/**
 * Takes a decision back, on purpose and with a reason: the item is pending again (back in the
 * queue) and the decision stays in its history, marked reopened by whom, when and why; audited.
 * Under the same row lock as deciding, so a reopening and a decision never interleave; refused
 * (409) for an item not decided, or while another reviewer's claim on it is active.
 */
export async function reopenCandidate({
  db,
  candidateId,
  reason,
  reviewer,
  audit,
}: {
  db: Db;
  candidateId: string;
  reason: string;
  reviewer: Reviewer;
  audit: Audit;
}): Promise<{ id: string; reopenedAt: Date }> {
  return db.$transaction(async (tx) => {
    const item = await lockCandidateForDecision(tx, candidateId);
    if (item.decided && !item.standing)
      throw new AppError(
        "CONFLICT",
        `This item is ${item.reviewStatus.toLowerCase()} without a recorded decision; there is none to reopen.`,
      );
    if (!item.standing) {
      const last = await tx.reviewReopening.findFirst({
        where: { candidateId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { createdAt: true, reopenedBy: { select: { email: true } } },
      });
      const since = last ? ` (${last.reopenedBy.email} reopened it at ${utc(last.createdAt)})` : "";
      throw new AppError("CONFLICT", `This item is not decided${since}, so there is nothing to reopen.`);
    }
    if (item.claim && item.claim.claimedById !== reviewer.userId) throw new AppError("CONFLICT", claimedMessage(item.claim, "reopen"));
    const reopening = await tx.reviewReopening.create({
      data: { candidateId, reviewId: item.standing.id, reopenedById: reviewer.userId, reason },
      select: { id: true, createdAt: true },
    });
    await tx.candidate.update({ where: { id: candidateId }, data: { reviewStatus: "PENDING" } });
    await audit(
      "candidate.reopen",
      { type: "candidate", id: candidateId, projectId: item.projectId },
      {
        before: {
          reviewStatus: item.reviewStatus,
          reviewId: item.standing.id,
          decidedBy: item.standing.reviewer.email,
          decidedAt: item.standing.createdAt.toISOString(),
        },
        after: { reviewStatus: "PENDING", reason },
      },
      tx,
    );
    return { id: reopening.id, reopenedAt: reopening.createdAt };
  });
}
