import "server-only";
import type { SignedIn } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { activeClaim } from "@/lib/review/claims";

/** Whoever decides or reopens: a signed-in person or their API token. */
export type Reviewer = SignedIn;

/** A moment as the 409s say it: date and time, UTC (a decision may be days old). */
export const utc = (at: Date) => `${at.toISOString().replace("T", " ").slice(0, 19)} UTC`;

const STANDING_DECISION = {
  where: { reopening: null },
  orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  take: 1,
  select: {
    id: true,
    decision: true,
    comment: true,
    createdAt: true,
    reviewer: { select: { email: true } },
    revision: { select: { number: true } },
  },
} satisfies Prisma.Candidate$reviewsArgs;

/**
 * A candidate as a decision or a reopening must see it: its row locked for the rest of the
 * transaction (so of two simultaneous writers the second reads what the first committed), the
 * active claim, the current revision and the decision that stands (the latest one not reopened).
 */
export async function lockCandidateForDecision(tx: Prisma.TransactionClient, candidateId: string) {
  const locked = await activeClaim(tx, candidateId);
  if (!locked) throw new AppError("NOT_FOUND", `No candidate ${candidateId}.`);
  const candidate = await tx.candidate.findUniqueOrThrow({
    where: { id: candidateId },
    select: {
      projectId: true,
      reviewStatus: true,
      verificationStatus: true,
      currentRevision: { select: { id: true, number: true, authorKind: true, authorUser: { select: { email: true } } } },
      reviews: STANDING_DECISION,
    },
  });
  const { reviews, ...rest } = candidate;
  return {
    ...rest,
    claim: locked.claim,
    decided: rest.reviewStatus !== "PENDING",
    standing: rest.reviewStatus === "PENDING" ? null : (reviews[0] ?? null),
  };
}
export type LockedCandidate = Awaited<ReturnType<typeof lockCandidateForDecision>>;

/** The refusal for an item decided already: who decided what, on which revision, when. */
export function decidedError({ reviewStatus, standing }: Pick<LockedCandidate, "reviewStatus" | "standing">): AppError {
  // Only a status written without a decision (fixtures, hand-made rows) has none to name.
  if (!standing)
    return new AppError(
      "CONFLICT",
      `This item is ${reviewStatus.toLowerCase()} already (no decision recorded); it cannot be decided again.`,
    );
  const verb = standing.decision === "ACCEPT" ? "accepted" : "rejected";
  return new AppError(
    "CONFLICT",
    `${standing.reviewer.email} ${verb} this item at ${utc(standing.createdAt)} (revision ${standing.revision.number}); it is decided. Reopen it, with a reason, to decide again.`,
  );
}

/** The refusal for a decision on a revision that is no longer current: which one is, and by whom. */
export function revisionMovedError(current: LockedCandidate["currentRevision"], named: { number: number } | null): AppError {
  if (!current) return new AppError("CONFLICT", "This item has no revision to decide on.");
  const by = current.authorKind === "HUMAN" ? (current.authorUser?.email ?? "a reviewer") : "the agent";
  if (!named)
    return new AppError(
      "CONFLICT",
      `The revision you named is not one of this item's; revision ${current.number} by ${by} is current. Look at it again, then decide.`,
    );
  return new AppError(
    "CONFLICT",
    `This item changed since you looked at it: revision ${current.number} by ${by} is current now, not revision ${named.number}. Look at it again, then decide.`,
  );
}
