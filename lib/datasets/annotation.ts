import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { summarizeAgreement, type Annotation, type AgreementSummary } from "@/lib/review/agreement/summary";
import type { RubricAnswers } from "@/lib/review/rubric-types";
import { ProjectSettings, parseProjectSettings } from "@/lib/synthesis/settings";
import type { AnnotationProvenance } from "@/lib/datasets/version-types";

/**
 * The annotation a cut freezes (lib/review/README.md): an item's standing decisions are its reviews
 * not reopened — the annotators' (ANNOTATION) and at most one curator's (ADJUDICATION) on a
 * DISPUTED item. Per item, `dataset_items.quality.annotation` holds the counts, the labels a
 * majority of its annotators picked and the mean of each 1–5 rubric question; per version, the
 * provenance holds the overlap settings and the agreement (summarizeAgreement) on the items taken.
 * Reviewer ids never leave the cut: exports and the card are published.
 */

type Tx = Db | Prisma.TransactionClient;
type ReviewSettings = ProjectSettings["review"];

/** The project's review settings; stored settings that no longer parse give the defaults (a cut is not the place to refuse them). */
export async function readReviewSettings(db: Tx, projectId: string): Promise<ReviewSettings> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
  try {
    return parseProjectSettings(project.settings).review;
  } catch {
    return ProjectSettings.parse({}).review;
  }
}

const STANDING = Prisma.sql`not exists (select 1 from review_reopenings ro where ro.review_id = rv.id)`;

/**
 * Lateral joins over candidate `c` giving `an.accepts` (standing ACCEPT decisions, adjudication
 * included) and `an.annotation` (the JSON frozen with the item; null when nobody decided it), for
 * the cut's one statement. Labels: for each "labels" question, the labels more than half of the
 * item's annotators picked, sorted; scores: for each "scale" question answered, the annotators' mean.
 * Per item these are lookups on reviews(candidate_id, …): measured twice as fast as aggregating the
 * project's standing reviews by candidate and hash-joining them (20k items, 40k reviews).
 */
export function annotationJoins(review: ReviewSettings): Prisma.Sql {
  const labelIds = review.rubric.filter((q) => q.kind === "labels").map((q) => q.id);
  const scaleIds = review.rubric.filter((q) => q.kind === "scale").map((q) => q.id);
  return Prisma.sql`
      left join lateral (
        select count(*)::int as decisions,
               count(*) filter (where rv.decision = 'ACCEPT')::int as accepts,
               count(*) filter (where rv.decision = 'REJECT')::int as rejects,
               count(*) filter (where rv.kind = 'ANNOTATION')::int as annotators,
               coalesce(bool_or(rv.kind = 'ADJUDICATION'), false) as adjudicated
          from reviews rv where rv.candidate_id = c.id and ${STANDING}) ad on true
      left join lateral (
        select case when ad.decisions > 0 then jsonb_build_object(
          'decisions', ad.decisions, 'accepts', ad.accepts, 'rejects', ad.rejects, 'adjudicated', ad.adjudicated,
          'labels', coalesce((
            select jsonb_object_agg(q.id, coalesce((
                     select jsonb_agg(m.label order by m.label collate "C")
                       from (select l.label from reviews rv
                               cross join jsonb_array_elements_text(case when jsonb_typeof(rv.rubric -> q.id) = 'array' then rv.rubric -> q.id else '[]'::jsonb end) l(label)
                              where rv.candidate_id = c.id and rv.kind = 'ANNOTATION' and ${STANDING}
                              group by l.label having count(distinct rv.id) * 2 > ad.annotators) m), '[]'::jsonb))
              from unnest(${labelIds}::text[]) q(id)), '{}'::jsonb),
          'scores', coalesce((
            select jsonb_object_agg(s.id, s.mean)
              from (select q.id, avg((rv.rubric ->> q.id)::float8) as mean
                      from unnest(${scaleIds}::text[]) q(id)
                      join reviews rv on rv.candidate_id = c.id and rv.kind = 'ANNOTATION' and ${STANDING}
                                     and jsonb_typeof(rv.rubric -> q.id) = 'number'
                     group by q.id) s), '{}'::jsonb)) end as annotation) an on true`;
}

/**
 * The annotation provenance of the items already frozen for `versionId` (inside the cut's
 * transaction): one read of their standing decisions, agreement by summarizeAgreement. Undefined
 * when no item was decided and no minimum was asked, so such a version's provenance and card stay
 * as they were before annotation existed.
 */
export async function collectAnnotationProvenance({
  db,
  versionId,
  review,
  minAgreeingDecisions,
  removed,
}: {
  db: Tx;
  versionId: string;
  review: ReviewSettings;
  minAgreeingDecisions: number | null;
  removed: number;
}): Promise<AnnotationProvenance | undefined> {
  const rows = await db.$queryRaw<{ item: string; language: string; annotator: string; kind: string; decision: string; rubric: unknown }[]>`
    select i.item_key as item, i.language, rv.reviewer_id::text as annotator, rv.kind::text as kind, rv.decision::text as decision, rv.rubric
      from dataset_items i join revisions r on r.id = i.revision_id join reviews rv on rv.candidate_id = r.candidate_id
     where i.version_id = ${versionId}::uuid and ${STANDING}
     order by i.item_key collate "C", rv.created_at, rv.id`;
  if (!rows.length && minAgreeingDecisions === null) return undefined;

  const annotations = rows.filter((row) => row.kind === "ANNOTATION");
  const annotatorsPerItem = new Map<string, number>();
  for (const row of annotations) annotatorsPerItem.set(row.item, (annotatorsPerItem.get(row.item) ?? 0) + 1);
  const decisions: Annotation[] = annotations.map((row) => ({
    itemId: row.item,
    language: row.language,
    annotator: row.annotator,
    value: row.decision,
  }));
  const scales = review.rubric.filter((q) => q.kind === "scale");
  return {
    overlap: { overlap: review.overlap, overlapByLanguage: { ...review.overlapByLanguage }, overlapShare: review.overlapShare },
    minAgreeingDecisions,
    removed,
    items: {
      decided: new Set(rows.map((row) => row.item)).size,
      multiAnnotated: [...annotatorsPerItem.values()].filter((n) => n >= 2).length,
      adjudicated: new Set(rows.filter((row) => row.kind === "ADJUDICATION").map((row) => row.item)).size,
    },
    agreement: withoutPairs(summarizeAgreement(decisions, "nominal")),
    rubric: scales.map((q) => {
      const scores: Annotation[] = annotations.flatMap((row) => {
        const answer = (row.rubric as RubricAnswers | null)?.[q.id];
        return typeof answer === "number" ? [{ itemId: row.item, language: row.language, annotator: row.annotator, value: answer }] : [];
      });
      return { id: q.id, label: q.label, aspect: q.aspect ?? null, ...withoutPairs(summarizeAgreement(scores, "interval")) };
    }),
  };
}

/** Pairs name annotators: a published version keeps the overall and per-language figures only. */
function withoutPairs({ overall, byLanguage }: AgreementSummary): Pick<AgreementSummary, "overall" | "byLanguage"> {
  return { overall, byLanguage };
}
