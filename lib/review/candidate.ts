import "server-only";
import { can, type Role } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AnnotationDecision } from "@/lib/review/annotation-types";
import type { CandidateDetail } from "@/lib/review/candidate-types";
import { claimView } from "@/lib/review/claims";
import { itemQuality } from "@/lib/review/item-quality";
import { requiredDecisions } from "@/lib/review/overlap";
import { RubricAnswers } from "@/lib/review/rubric-types";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/**
 * One candidate as the viewer may see it. Review is blind while an item is pending: below the curator
 * role (who adjudicates, so sees everything) a viewer sees only their own decision, not another
 * annotator's, neither standing nor taken back by its author before the item was settled; once the
 * item is final or disputed, every decision shows.
 */
export async function candidateDetail(db: Db, id: string, viewerId?: string, viewerRole: Role | null = null): Promise<CandidateDetail> {
  const c = await db.candidate.findUnique({
    where: { id },
    include: {
      revisions: { orderBy: { number: "asc" } },
      verificationRuns: { orderBy: { round: "asc" } },
      seeds: { include: { seedSample: { select: { id: true, language: true, instruction: true, solution: true } } } },
      claimedBy: { select: { email: true } },
      project: { select: { slug: true, settings: true } },
      reviews: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          kind: true,
          reviewerId: true,
          rubric: true,
          decision: true,
          comment: true,
          createdAt: true,
          reviewer: { select: { email: true } },
          revision: { select: { number: true } },
          reopening: { select: { reason: true, createdAt: true, reopenedById: true, reopenedBy: { select: { email: true } } } },
        },
      },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", `No candidate ${id}.`);
  const quality = await itemQuality(db, c.id);
  const settings = parseProjectSettings(c.project.settings).review;
  const curator = can(viewerRole, "review:adjudicate");
  const blind = c.reviewStatus === "PENDING" && !curator;
  // Another's decision stays hidden while it stands, or when its author took it back themselves
  // (an annotator changing their mind before the item was settled: nobody else saw it).
  const visible = c.reviews.filter(
    (r) => !blind || r.reviewerId === viewerId || (r.reopening !== null && r.reopening.reopenedById !== r.reviewerId),
  );
  const standing = c.reviews.filter((r) => r.reopening === null);
  const asDecision = (r: (typeof c.reviews)[number]): AnnotationDecision => ({
    id: r.id,
    kind: r.kind,
    decision: r.decision,
    by: r.reviewer.email,
    at: r.createdAt.toISOString(),
    revision: r.revision.number,
    rubric: RubricAnswers.nullable().catch(null).parse(r.rubric),
    comment: r.comment,
  });
  const mine = standing.find((r) => r.kind === "ANNOTATION" && r.reviewerId === viewerId);
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
    // Several decisions taken back at once (a settled item reopened) show as one reopening each.
    history: visible.flatMap((r) => [
      {
        kind: r.decision,
        by: r.reviewer.email,
        at: r.createdAt.toISOString(),
        revision: r.revision.number,
        note: r.comment,
        adjudication: r.kind === "ADJUDICATION",
      },
      ...(r.reopening
        ? [
            {
              kind: "REOPEN" as const,
              by: r.reopening.reopenedBy.email,
              at: r.reopening.createdAt.toISOString(),
              revision: null,
              note: r.reopening.reason,
              adjudication: false,
            },
          ]
        : []),
    ]),
    annotation: {
      required: requiredDecisions(settings, c),
      decided: standing.filter((r) => r.kind === "ANNOTATION").length,
      mine: mine ? asDecision(mine) : null,
      decisions: standing.filter((r) => !blind || r.reviewerId === viewerId).map(asDecision),
      rubric: settings.rubric,
      canAdjudicate: curator && c.reviewStatus === "DISPUTED",
    },
  };
}
