import "server-only";
import type { Audit } from "@/lib/auth/audit";
import { can, roleOf } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { claimedMessage } from "@/lib/review/claims";
import { decisionsForAudit, lockCandidateForDecision, utc, type Reviewer, type StandingDecision } from "@/lib/review/decision-state";

/**
 * Takes decisions back, on purpose and with a reason; each stays in the history, marked reopened by
 * whom, when and why; audited. On a final or disputed item every standing decision is taken back (an
 * adjudication and the annotators' decisions alike), so the item is pending again and needs its
 * required number of fresh decisions; taking back a curator's adjudication or a dispute needs the
 * curator role, so an annotator cannot undo what a curator settles. On a pending item (several
 * annotators, not all decided yet) it takes back only the viewer's own decision: an annotator changing
 * their mind. Under the same row lock as deciding, so a reopening and a decision never interleave;
 * refused (409) when there is nothing of the viewer's to reopen, or while another reviewer's claim on
 * the item is active.
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
}): Promise<{ id: string; reopenedAt: Date; reopened: number }> {
  return db.$transaction(async (tx) => {
    const item = await lockCandidateForDecision(tx, candidateId);
    const settled = item.reviewStatus !== "PENDING";
    if (settled && !item.standingDecisions.length)
      throw new AppError(
        "CONFLICT",
        `This item is ${item.reviewStatus.toLowerCase()} without a recorded decision; there is none to reopen.`,
      );
    const mine = item.annotations.find((a) => a.reviewerId === reviewer.userId);
    if (!settled && !mine) {
      if (item.annotations.length)
        throw new AppError(
          "CONFLICT",
          `This item is not decided yet (${item.annotations.length} of ${item.required} annotators have), and you have no decision on it to take back; each annotator reopens their own.`,
        );
      const last = await tx.reviewReopening.findFirst({
        where: { candidateId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { createdAt: true, reopenedBy: { select: { email: true } } },
      });
      const since = last ? ` (${last.reopenedBy.email} reopened it at ${utc(last.createdAt)})` : "";
      throw new AppError("CONFLICT", `This item is not decided${since}, so there is nothing to reopen.`);
    }
    const curatorsOnly = item.reviewStatus === "DISPUTED" || item.standingDecisions.some((d) => d.kind === "ADJUDICATION");
    if (curatorsOnly && !can(roleOf(reviewer, item.projectId), "review:adjudicate"))
      throw new AppError(
        "FORBIDDEN",
        item.reviewStatus === "DISPUTED"
          ? "This item awaits a curator's adjudication; only a curator can reopen it."
          : "A curator settled this item in adjudication; only a curator can reopen it.",
      );
    if (item.claim && item.claim.claimedById !== reviewer.userId) throw new AppError("CONFLICT", claimedMessage(item.claim, "reopen"));
    const takenBack: StandingDecision[] = settled ? item.standingDecisions : [mine!];
    const reopenings = [];
    for (const decision of takenBack)
      reopenings.push(
        await tx.reviewReopening.create({
          data: { candidateId, reviewId: decision.id, reopenedById: reviewer.userId, reason },
          select: { id: true, createdAt: true },
        }),
      );
    if (settled) await tx.candidate.update({ where: { id: candidateId }, data: { reviewStatus: "PENDING" } });
    const latest = takenBack.at(-1)!;
    await audit(
      "candidate.reopen",
      { type: "candidate", id: candidateId, projectId: item.projectId },
      {
        before: {
          reviewStatus: item.reviewStatus,
          reviewId: latest.id,
          decidedBy: latest.reviewer.email,
          decidedAt: latest.createdAt.toISOString(),
          ...(takenBack.length > 1 || item.required > 1 ? { decisions: decisionsForAudit(takenBack) } : {}),
        },
        after: { reviewStatus: "PENDING", reason },
      },
      tx,
    );
    const last = reopenings.at(-1)!;
    return { id: last.id, reopenedAt: last.createdAt, reopened: reopenings.length };
  });
}
