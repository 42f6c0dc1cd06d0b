import "server-only";
import type { SignedIn } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { activeClaim } from "@/lib/review/claims";
import { requiredDecisions } from "@/lib/review/overlap";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/** Whoever decides or reopens: a signed-in person or their API token. */
export type Reviewer = SignedIn;

/** A moment as the 409s say it: date and time, UTC (a decision may be days old). */
export const utc = (at: Date) => `${at.toISOString().replace("T", " ").slice(0, 19)} UTC`;

/** Every decision not reopened, oldest first: the annotators' and, once settled, a curator's adjudication. */
const STANDING_DECISIONS = {
  where: { reopening: null },
  orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  select: {
    id: true,
    kind: true,
    decision: true,
    comment: true,
    createdAt: true,
    reviewerId: true,
    reviewer: { select: { email: true } },
    revision: { select: { number: true } },
  },
} satisfies Prisma.Candidate$reviewsArgs;

/**
 * A candidate as a decision, an adjudication or a reopening must see it: its row locked for the rest
 * of the transaction (so of two simultaneous writers the second reads what the first committed), the
 * active claim, the current revision, the decisions that stand (not reopened), how many annotators
 * it needs (the project's `review` settings) and the decision that stands for a final item (the
 * latest one).
 */
export async function lockCandidateForDecision(tx: Prisma.TransactionClient, candidateId: string) {
  const locked = await activeClaim(tx, candidateId);
  if (!locked) throw new AppError("NOT_FOUND", `No candidate ${candidateId}.`);
  const candidate = await tx.candidate.findUniqueOrThrow({
    where: { id: candidateId },
    select: {
      id: true,
      projectId: true,
      language: true,
      reviewStatus: true,
      verificationStatus: true,
      project: { select: { settings: true } },
      currentRevision: { select: { id: true, number: true, authorKind: true, authorUser: { select: { email: true } } } },
      reviews: STANDING_DECISIONS,
    },
  });
  const { reviews, project, ...rest } = candidate;
  const settings = parseProjectSettings(project.settings).review;
  const final = rest.reviewStatus === "ACCEPTED" || rest.reviewStatus === "REJECTED";
  return {
    ...rest,
    settings,
    claim: locked.claim,
    /** Final: accepted or rejected (a disputed item is not, it awaits a curator). */
    decided: final,
    standingDecisions: reviews,
    /** The annotators' standing decisions (an adjudication is not one of them). */
    annotations: reviews.filter((r) => r.kind === "ANNOTATION"),
    required: requiredDecisions(settings, { id: rest.id, language: rest.language }),
    standing: final ? (reviews.at(-1) ?? null) : null,
  };
}
export type LockedCandidate = Awaited<ReturnType<typeof lockCandidateForDecision>>;
export type StandingDecision = LockedCandidate["standingDecisions"][number];

const verb = (decision: "ACCEPT" | "REJECT") => (decision === "ACCEPT" ? "accepted" : "rejected");

/** The refusal for an item decided already: who decided what, on which revision, when. */
export function decidedError({ reviewStatus, standing }: Pick<LockedCandidate, "reviewStatus" | "standing">): AppError {
  // Only a status written without a decision (fixtures, hand-made rows) has none to name.
  if (!standing)
    return new AppError(
      "CONFLICT",
      `This item is ${reviewStatus.toLowerCase()} already (no decision recorded); it cannot be decided again.`,
    );
  const how =
    standing.kind === "ADJUDICATION" ? `${verb(standing.decision)} this item in adjudication` : `${verb(standing.decision)} this item`;
  return new AppError(
    "CONFLICT",
    `${standing.reviewer.email} ${how} at ${utc(standing.createdAt)} (revision ${standing.revision.number}); it is decided. Reopen it, with a reason, to decide again.`,
  );
}

/** "ann@x accepted, bob@x rejected": the annotators' standing decisions in words. */
export function decisionsInWords(annotations: Pick<StandingDecision, "decision" | "reviewer">[]): string {
  return annotations.map((a) => `${a.reviewer.email} ${verb(a.decision)}`).join(", ");
}

/** The refusal for a decision on a disputed item: who decided what; a curator settles it. */
export function disputedError({ annotations }: Pick<LockedCandidate, "annotations">): AppError {
  return new AppError(
    "CONFLICT",
    `Its annotators disagree (${decisionsInWords(annotations)}); it awaits a curator's adjudication and takes no more decisions.`,
  );
}

/** The refusal for a second decision by the same annotator: theirs stands until they reopen it. */
export function alreadyDecidedByYouError(
  mine: StandingDecision,
  { annotations, required }: Pick<LockedCandidate, "annotations" | "required">,
) {
  return new AppError(
    "CONFLICT",
    `You ${verb(mine.decision)} this item at ${utc(mine.createdAt)} (revision ${mine.revision.number}); ${annotations.length} of ${required} annotators have decided. Reopen your decision, with a reason, to change it.`,
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

/** The decisions an adjudication settled or a reopening took back, as the audit log keeps them. */
export const decisionsForAudit = (decisions: StandingDecision[]) =>
  decisions.map((d) => ({
    reviewId: d.id,
    kind: d.kind,
    by: d.reviewer.email,
    decision: d.decision,
    at: d.createdAt.toISOString(),
    revision: d.revision.number,
    comment: d.comment,
  }));
