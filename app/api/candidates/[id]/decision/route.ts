import { z } from "zod";
import { recordAudit } from "@/lib/auth/accounts";
import { clientAddress, route } from "@/lib/auth/request";
import { parseInput } from "@/lib/http";
import { getDb } from "@/lib/db/client";
import { candidateProject } from "@/lib/review/candidate";
import { assertNotClaimedByOther, releaseCandidate } from "@/lib/review/claims";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const Body = z.object({
  decision: z.enum(["accept", "reject"]),
  comment: z.string().max(4000).optional(),
  /** Accepting an item whose tests fail needs this, and is recorded. */
  acceptFailing: z.boolean().default(false),
});

/** An annotator's decision on a candidate's current revision (append-only: a change of mind is a new review). */
export const POST = route<{ id: string }>(
  "review:decide",
  async ({ request, principal }, { id }) => {
    const body = parseInput(Body, await request.json().catch(() => null), "decision");
    if (principal.kind === "anonymous") throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    const { decision, comment, acceptFailing } = body;
    const db = getDb();
    const review = await db.$transaction(async (tx) => {
      await assertNotClaimedByOther(tx, { candidateId: id, userId: principal.userId, what: decision });
      const candidate = await tx.candidate.findUniqueOrThrow({ where: { id }, select: { projectId: true, currentRevisionId: true, reviewStatus: true, verificationStatus: true } });
      if (!candidate.currentRevisionId) throw new AppError("CONFLICT", "This candidate has no revision to decide on.");
      const failing = ["FAIL", "ERROR", "TIMEOUT"].includes(candidate.verificationStatus);
      if (decision === "accept" && failing && !acceptFailing) {
        throw new AppError("CONFLICT", `Its tests do not pass (${candidate.verificationStatus.toLowerCase()}); confirm to accept it anyway.`);
      }
      const created = await tx.review.create({
        data: { candidateId: id, revisionId: candidate.currentRevisionId, reviewerId: principal.userId, decision: decision === "accept" ? "ACCEPT" : "REJECT", comment: comment ?? null, acceptedDespiteFailures: decision === "accept" && failing },
      });
      const reviewStatus = decision === "accept" ? "ACCEPTED" : "REJECTED";
      await tx.candidate.update({ where: { id }, data: { reviewStatus } });
      // Deciding ends the decider's claim: the item is done, the next reviewer need not wait.
      await releaseCandidate({ db: tx, candidateId: id, userId: principal.userId });
      await recordAudit(tx, { principal, action: `candidate.${decision}`, targetType: "candidate", targetId: id, projectId: candidate.projectId, before: { reviewStatus: candidate.reviewStatus }, after: { reviewStatus, comment }, ip: clientAddress(request) });
      return created;
    });
    return Response.json({ id: review.id, decision }, { status: 201 });
  },
  { project: candidateProject },
);
