import "server-only";
import type { Audit } from "@/lib/auth/audit";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { claimedMessage, releaseCandidate } from "@/lib/review/claims";
import {
  alreadyDecidedByYouError,
  decidedError,
  disputedError,
  lockCandidateForDecision,
  revisionMovedError,
  type LockedCandidate,
  type Reviewer,
} from "@/lib/review/decision-state";
import { rubricProblems, type RubricAnswers } from "@/lib/review/rubric-types";
import { testsFail } from "@/lib/review/test-status";

export type Decision = "accept" | "reject";
export type ReviewStatusAfter = "PENDING" | "ACCEPTED" | "REJECTED" | "DISPUTED";

/** What deciding and adjudicating take: the item, the revision looked at, the decision and who makes it. */
export type DecisionInput = {
  db: Db;
  candidateId: string;
  revisionId: string;
  decision: Decision;
  reviewer: Reviewer;
  comment?: string;
  acceptFailing?: boolean;
  audit: Audit;
};

/** Where the item stands after a decision or an adjudication. */
export type DecisionOutcome<Status extends ReviewStatusAfter> = {
  id: string;
  decision: Decision;
  revisionId: string;
  decidedAt: Date;
  reviewStatus: Status;
  decided: number;
  required: number;
};

/**
 * An annotator's decision on the revision they looked at, with their answers to the project's rubric.
 * Conditional, under the candidate's row lock: refused (409) when the item is final, disputed, or
 * decided by this annotator already, when another revision became current, when another reviewer's
 * claim is active, or (unless confirmed) when its tests fail; refused (400) when the rubric answers
 * do not fit the rubric. Once the item's required number of annotators (`review.overlap`) has decided,
 * it is final when they agree and DISPUTED when they do not; before that it stays PENDING for the
 * others. At overlap 1 the first decision is final, and of two simultaneous ones exactly one is stored,
 * the other told who decided what, and when. The decision, the new status, the release of the
 * decider's claim and the audit event commit together.
 */
export async function decideCandidate({
  db,
  candidateId,
  revisionId,
  decision,
  reviewer,
  comment,
  rubric,
  acceptFailing = false,
  audit,
}: DecisionInput & { rubric?: RubricAnswers }): Promise<DecisionOutcome<ReviewStatusAfter>> {
  return db.$transaction(async (tx) => {
    const item = await lockCandidateForDecision(tx, candidateId);
    // Decided first: a loser of a race (whether or not it held the claim) hears who won.
    if (item.decided) throw decidedError(item);
    if (item.reviewStatus === "DISPUTED") throw disputedError(item);
    const mine = item.annotations.find((a) => a.reviewerId === reviewer.userId);
    if (mine) throw alreadyDecidedByYouError(mine, item);
    await assertOnCurrentRevision(tx, item, revisionId);
    if (item.claim && item.claim.claimedById !== reviewer.userId) throw new AppError("CONFLICT", claimedMessage(item.claim, decision));
    const problems = rubricProblems(item.settings.rubric, rubric ?? {});
    if (problems.length) throw new AppError("BAD_REQUEST", `The rubric answers do not fit this project's rubric: ${problems.join("; ")}.`);
    const failing = assertTestsConfirmed(item, decision, acceptFailing);
    const review = await tx.review.create({
      data: {
        candidateId,
        revisionId,
        reviewerId: reviewer.userId,
        decision: decision === "accept" ? "ACCEPT" : "REJECT",
        kind: "ANNOTATION",
        ...(rubric ? { rubric } : {}),
        comment: comment ?? null,
        acceptedDespiteFailures: decision === "accept" && failing,
      },
      select: { id: true, createdAt: true },
    });
    // Counted under the lock: of two annotators deciding at once, the second counts the first.
    const decisions = [...item.annotations.map((a) => a.decision), decision === "accept" ? "ACCEPT" : "REJECT"];
    const reviewStatus: ReviewStatusAfter =
      decisions.length < item.required
        ? "PENDING"
        : decisions.every((d) => d === decisions[0])
          ? decisions[0] === "ACCEPT"
            ? "ACCEPTED"
            : "REJECTED"
          : "DISPUTED";
    if (reviewStatus !== "PENDING") await tx.candidate.update({ where: { id: candidateId }, data: { reviewStatus } });
    // Deciding ends the decider's claim: their part is done, the next annotator need not wait.
    await releaseCandidate({ db: tx, candidateId, userId: reviewer.userId });
    await audit(
      `candidate.${decision}`,
      { type: "candidate", id: candidateId, projectId: item.projectId },
      {
        before: { reviewStatus: item.reviewStatus },
        after: {
          reviewStatus,
          comment,
          revision: item.currentRevision!.number,
          reviewId: review.id,
          decided: decisions.length,
          required: item.required,
          ...(rubric ? { rubric } : {}),
        },
      },
      tx,
    );
    return {
      id: review.id,
      decision,
      revisionId,
      decidedAt: review.createdAt,
      reviewStatus,
      decided: decisions.length,
      required: item.required,
    };
  });
}

/** Refuses (409) a decision or an adjudication on a revision that is not the item's current one. */
export async function assertOnCurrentRevision(tx: Prisma.TransactionClient, item: LockedCandidate, revisionId: string): Promise<void> {
  if (item.currentRevision?.id === revisionId) return;
  const named = await tx.revision.findFirst({ where: { id: revisionId, candidateId: item.id }, select: { number: true } });
  throw revisionMovedError(item.currentRevision, named);
}

/** Refuses (409) accepting an item whose tests fail unless confirmed; whether they fail. */
export function assertTestsConfirmed(item: LockedCandidate, decision: Decision, acceptFailing: boolean): boolean {
  const failing = testsFail(item.verificationStatus);
  if (decision === "accept" && failing && !acceptFailing)
    throw new AppError("CONFLICT", `Its tests do not pass (${item.verificationStatus.toLowerCase()}); confirm to accept it anyway.`);
  return failing;
}
