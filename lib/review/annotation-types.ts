import { z } from "zod";
import { Rubric, RubricAnswers } from "@/lib/review/rubric-types";

/**
 * Several annotators per item (settings `review.overlap`): the shapes the API answers with and the
 * review screen reads (client-safe). An item is final when its required number of annotators has
 * decided and they agree; when they disagree it is DISPUTED until a curator adjudicates.
 */

export const REVIEW_KINDS = ["ANNOTATION", "ADJUDICATION"] as const;

/** One standing decision (not reopened) with the annotator's rubric answers. */
export const AnnotationDecision = z.object({
  id: z.string(),
  kind: z.enum(REVIEW_KINDS),
  decision: z.enum(["ACCEPT", "REJECT"]),
  by: z.string(),
  at: z.string(),
  /** The revision decided on. */
  revision: z.number(),
  rubric: RubricAnswers.nullable(),
  comment: z.string().nullable(),
});
export type AnnotationDecision = z.infer<typeof AnnotationDecision>;

/** `annotation` on a candidate's detail (GET /api/candidates/:id). */
export const ItemAnnotation = z.object({
  /** Annotators who must decide this item (1 unless the overlap applies to it). */
  required: z.number(),
  /** Standing annotator decisions so far. */
  decided: z.number(),
  /** The viewer's own standing decision, when they made one. */
  mine: AnnotationDecision.nullable(),
  /**
   * Every standing decision with its answers, for curators, and for everyone once the item is
   * final or disputed; an annotator sees only their own while the item is pending (blind review).
   */
  decisions: z.array(AnnotationDecision),
  /** The project's rubric, answered with a decision. */
  rubric: Rubric,
  /** Whether the viewer may adjudicate it now (a curator, the item DISPUTED). */
  canAdjudicate: z.boolean(),
});
export type ItemAnnotation = z.infer<typeof ItemAnnotation>;

/** POST /api/candidates/:id/decision answers with where the item stands after the decision. */
export const DecisionResult = z.object({
  id: z.string(),
  decision: z.enum(["accept", "reject"]),
  revisionId: z.string(),
  decidedAt: z.string(),
  /** PENDING (more annotators needed), ACCEPTED/REJECTED (final), DISPUTED (annotators disagree). */
  reviewStatus: z.enum(["PENDING", "ACCEPTED", "REJECTED", "DISPUTED"]),
  decided: z.number(),
  required: z.number(),
});
export type DecisionResult = z.infer<typeof DecisionResult>;

/** POST /api/candidates/:id/adjudication: a curator's final decision on a disputed item. */
export const AdjudicationBody = z.object({
  decision: z.enum(["accept", "reject"]),
  revisionId: z.uuid({ error: "name the revision you decide on (the id of the one you looked at)" }),
  comment: z.string().max(4000).optional(),
  acceptFailing: z.boolean().default(false),
});
export type AdjudicationBody = z.infer<typeof AdjudicationBody>;
