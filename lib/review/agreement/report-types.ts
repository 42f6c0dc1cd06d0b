import { z } from "zod";
import { ASPECTS } from "@/lib/llm/contracts";

/**
 * The agreement report's shapes (GET /api/projects/:slug/agreement and …/agreement/disagreements),
 * client-safe: the agreement page parses the answers with these. The figures come from
 * `summarizeAgreement` (summary.ts); see report.ts for what counts as a decision.
 */

/** One agreement figure as summary.ts computes it; the report, versions' provenance and the card carry it. */
export const AgreementFigure = z.object({
  /** Items with two or more annotations. */
  items: z.number(),
  /** Annotations on those items. */
  annotations: z.number(),
  annotators: z.number(),
  /** Share of those items whose annotations all agree. */
  percent: z.number().nullable(),
  /** "kappa": Cohen's κ (two annotators); "alpha": Krippendorff's α (more, or pairs that vary). */
  method: z.enum(["kappa", "alpha"]),
  /** The statistic named by `method`; null when undefined (no item, or no variation at all). */
  value: z.number().nullable(),
  /** Krippendorff's α, always (it equals κ closely for two annotators and many items). */
  alpha: z.number().nullable(),
});
export type AgreementFigure = z.infer<typeof AgreementFigure>;

export const Annotator = z.object({ id: z.string(), name: z.string() });
export type Annotator = z.infer<typeof Annotator>;

export const PairFigure = z.object({
  a: Annotator,
  b: Annotator,
  items: z.number(),
  percent: z.number().nullable(),
  kappa: z.number().nullable(),
});
export type PairFigure = z.infer<typeof PairFigure>;

export const LanguageFigure = AgreementFigure.extend({ language: z.string() });
export type LanguageFigure = z.infer<typeof LanguageFigure>;

/** One week's decision agreement, the week named by its Monday (UTC), by the later decision of each item. */
export const WeekFigure = AgreementFigure.extend({ week: z.string() });
export type WeekFigure = z.infer<typeof WeekFigure>;

/**
 * A rubric question's agreement. Scale questions: interval level (quadratic-weighted κ for two
 * annotators, interval α for more). Labels questions: one nominal figure per label, each annotator's
 * answer read as "picked" / "not picked" (an annotator who left the question unanswered is missing,
 * not "not picked"); a one-label question also gets a nominal figure on the label picked (`figure`).
 * Text questions are not measured.
 */
export const RubricQuestionFigure = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(["scale", "labels"]),
  aspect: z.enum(ASPECTS).nullable(),
  /** Scale: the interval figure; one-label questions: the nominal figure on the label picked; else null. */
  figure: AgreementFigure.nullable(),
  byLanguage: z.array(LanguageFigure),
  /** Labels questions: each label as present/absent. */
  labels: z.array(z.object({ label: z.string(), figure: AgreementFigure })),
});
export type RubricQuestionFigure = z.infer<typeof RubricQuestionFigure>;

/**
 * The LLM judge held to humans on one aspect (and language, or all languages when `language` is
 * null): per item, the mean human score against the scorer's score on that aspect.
 */
export const JudgeFigure = z.object({
  aspect: z.enum(ASPECTS),
  language: z.string().nullable(),
  /** Items with both a human score and the scorer's. */
  n: z.number(),
  pearson: z.number().nullable(),
  spearman: z.number().nullable(),
  /** Mean absolute difference, in points of the 1–5 scale. */
  mad: z.number().nullable(),
  /** Mean of (judge − human): above 0, the judge scores higher than the humans. */
  meanSigned: z.number().nullable(),
  /** See `judgeTrust`. */
  trust: z.enum(["trusted", "check", "untrusted", "too-few"]),
});
export type JudgeFigure = z.infer<typeof JudgeFigure>;

/** Items a judge figure needs before it is rated at all. */
export const JUDGE_MIN_ITEMS = 10;

/**
 * Where the automatic scorer can stand in for humans on an aspect: "trusted" when it ranks items as
 * the humans do (Pearson r ≥ 0.7) and is close to them (MAD ≤ 0.75 points); "untrusted" when r < 0.4
 * or MAD > 1.25 (more than a point off on average); "check" between; "too-few" under JUDGE_MIN_ITEMS
 * items. The thresholds follow the usual reading of r (≥ 0.7 strong, < 0.4 weak).
 */
export function judgeTrust({ n, pearson, mad }: { n: number; pearson: number | null; mad: number | null }): JudgeFigure["trust"] {
  if (n < JUDGE_MIN_ITEMS || mad === null) return "too-few";
  if ((pearson !== null && pearson < 0.4) || mad > 1.25) return "untrusted";
  if (pearson !== null && pearson >= 0.7 && mad <= 0.75) return "trusted";
  return "check";
}

export const AgreementReport = z.object({
  projectId: z.string(),
  /** The window asked for (ISO dates), by each item's later decision. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  language: z.string().nullable(),
  /** The project's languages, for the language filter. */
  languages: z.array(z.string()),
  /** What the project asks of its annotators, for the empty states. */
  settings: z.object({
    overlap: z.number(),
    overlapByLanguage: z.record(z.string(), z.number()),
    overlapShare: z.number(),
    rubricQuestions: z.number(),
  }),
  counts: z.object({
    /** Standing annotator decisions (not reopened; adjudications not counted). */
    decisions: z.number(),
    /** Items with two or more standing annotator decisions. */
    overlapped: z.number(),
    /** Of those, items whose decisions disagree. */
    disagreeing: z.number(),
    /** Items DISPUTED now (awaiting a curator). */
    disputed: z.number(),
    /** Items a curator adjudicated. */
    adjudicated: z.number(),
  }),
  decisions: z.object({
    overall: AgreementFigure,
    byLanguage: z.array(LanguageFigure),
    pairs: z.array(PairFigure),
    weekly: z.array(WeekFigure),
  }),
  rubric: z.array(RubricQuestionFigure),
  judge: z.array(JudgeFigure),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const DisagreementItem = z.object({
  id: z.string(),
  language: z.string(),
  /** The item's review status now: DISPUTED awaits a curator; ACCEPTED/REJECTED once settled. */
  reviewStatus: z.enum(["PENDING", "ACCEPTED", "REJECTED", "DISPUTED"]),
  /** Why it is listed: the decisions differ, and/or a scale question's answers differ by 2 or more. */
  reasons: z.array(z.enum(["decision", "scale"])),
  decisions: z.array(
    z.object({
      annotator: Annotator,
      decision: z.enum(["ACCEPT", "REJECT"]),
      at: z.string(),
      /** The annotator's answers to the scale questions. */
      scores: z.record(z.string(), z.number()),
    }),
  ),
  adjudication: z.object({ decision: z.enum(["ACCEPT", "REJECT"]), by: z.string(), at: z.string() }).nullable(),
  /** The item in the review screen. */
  href: z.string(),
});
export type DisagreementItem = z.infer<typeof DisagreementItem>;

export const DisagreementPage = z.object({ items: z.array(DisagreementItem), nextCursor: z.string().nullable() });
export type DisagreementPage = z.infer<typeof DisagreementPage>;

/** κ/α in words: Landis & Koch (1977) for κ; Krippendorff (2004) for α (≥ 0.8 reliable, ≥ 0.667 tentative). */
export function agreementBand(figure: Pick<AgreementFigure, "method" | "value">): {
  label: string;
  tone: "good" | "fair" | "poor" | "none";
} {
  const v = figure.value;
  if (v === null) return { label: "undefined", tone: "none" };
  if (figure.method === "alpha") {
    if (v >= 0.8) return { label: "reliable", tone: "good" };
    if (v >= 0.667) return { label: "tentative", tone: "fair" };
    return { label: "unreliable", tone: "poor" };
  }
  if (v > 0.8) return { label: "almost perfect", tone: "good" };
  if (v > 0.6) return { label: "substantial", tone: "good" };
  if (v > 0.4) return { label: "moderate", tone: "fair" };
  if (v > 0.2) return { label: "fair", tone: "poor" };
  if (v >= 0) return { label: "slight", tone: "poor" };
  return { label: "poor (below chance)", tone: "poor" };
}
