import { z } from "zod";
import { ItemAnnotation } from "@/lib/review/annotation-types";
import { ItemQuality } from "@/lib/review/quality-types";

/** One candidate as the review screen shows it: every revision, the verification runs, the source seeds. */
export const CandidateDetail = z.object({
  id: z.string(),
  projectId: z.string(),
  /** Its project's slug, for links to its place in the review queue. */
  projectSlug: z.string(),
  /** DS1/DS2/IMPORTED: a kept seed pair (no tests); DS3: synthesized by the agents. */
  source: z.string(),
  language: z.string(),
  sourceLanguage: z.string().nullable(),
  /** The evolution operation its discussion asked for (null: all were listed, or not synthesized). */
  evolutionOperation: z.string().nullable(),
  reviewStatus: z.string(),
  verificationStatus: z.string(),
  totalScore: z.number().nullable(),
  discussionId: z.string().nullable(),
  currentRevisionId: z.string().nullable(),
  revisions: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      authorKind: z.string(),
      instruction: z.string(),
      solution: z.string(),
      tests: z.string(),
      note: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  verifications: z.array(
    z.object({
      revisionId: z.string(),
      round: z.number(),
      status: z.string(),
      reason: z.string().nullable(),
      durationMs: z.number().nullable(),
    }),
  ),
  /** The active claim (null when unclaimed or expired); `mine` when it is the viewer's. */
  claim: z.object({ by: z.string(), until: z.string(), mine: z.boolean() }).nullable(),
  seeds: z.array(z.object({ id: z.string(), language: z.string(), instruction: z.string(), solution: z.string() })),
  /** The quality gate's flags: contamination, near duplicates, difficulty, coverage, the independent check. */
  quality: ItemQuality,
  /**
   * Its decisions and reopenings, oldest first; when the item is decided, the last entry is the decision
   * that stands. Blind like `annotation.decisions`: while the item is pending, an annotator does not see
   * another annotator's decision (standing, or taken back by its author before anyone saw it).
   */
  history: z.array(
    z.object({
      kind: z.enum(["ACCEPT", "REJECT", "REOPEN"]),
      by: z.string(),
      at: z.string(),
      /** The revision decided on (null for a reopening). */
      revision: z.number().nullable(),
      /** The decision's comment, or why it was reopened. */
      note: z.string().nullable(),
      /** A curator's adjudication of a disputed item (false for an annotator's decision and a reopening). */
      adjudication: z.boolean(),
    }),
  ),
  /** Its annotators: how many must decide, who has (blind for annotators while pending), the rubric. */
  annotation: ItemAnnotation,
});
export type CandidateDetail = z.infer<typeof CandidateDetail>;
