import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";
import type { Aspect } from "@/lib/llm/contracts";
import { meanAbsoluteDifference, pearson, spearman } from "@/lib/review/agreement/stats";
import { agreementFigure, summarizeAgreement, type Annotation } from "@/lib/review/agreement/summary";
import {
  judgeTrust,
  type AgreementReport,
  type Annotator,
  type DisagreementItem,
  type DisagreementPage,
  type JudgeFigure,
  type RubricQuestionFigure,
} from "@/lib/review/agreement/report-types";
import type { RubricQuestion } from "@/lib/review/rubric-types";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/**
 * A project's agreement report: how much its annotators agree (decisions and rubric answers), over
 * time, where they disagree, and how the LLM judge's scores hold up against theirs.
 *
 * What counts: standing annotator decisions, i.e. reviews of kind ANNOTATION that were not reopened
 * (a reopened decision no longer stands). A curator's ADJUDICATION settles an item but is never an
 * annotation: it would agree with one side by construction. An item counts for agreement once two or
 * more annotators stand on it; the date window (`from`, `to`) and the weekly figures go by the
 * item's later standing decision, the moment its agreement became known.
 *
 * Cost: the database filters and groups (standing decisions, items with two or more, the per-item
 * mean human score for the judge, the disagreement list's keyset page); what comes back is one row
 * per standing decision on an overlapped item (its id, language, annotator, decision, and only the
 * rubric answers the report reads), which the pure statistics then fold.
 */

export const AgreementQuery = z
  .object({
    from: z.iso.date({ error: "is a date, YYYY-MM-DD" }).optional(),
    to: z.iso.date({ error: "is a date, YYYY-MM-DD" }).optional(),
    language: z.string().min(1).max(40).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from is after to", path: ["from"] });
export type AgreementQuery = z.infer<typeof AgreementQuery>;

export const DisagreementQuery = z.object({
  from: z.iso.date({ error: "is a date, YYYY-MM-DD" }).optional(),
  to: z.iso.date({ error: "is a date, YYYY-MM-DD" }).optional(),
  language: z.string().min(1).max(40).optional(),
  cursor: z.uuid({ error: "is the nextCursor of the page before, as it was given" }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** The ISO week's Monday (UTC) of a moment, as YYYY-MM-DD. */
export function weekOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

type Filter = { language?: string; from?: string; to?: string };

/** Standing annotator decisions of the project (not reopened, adjudications left out). */
function standingSql(projectId: string, { language, before }: { language?: string; before?: string }) {
  return Prisma.sql`
    select r.id, r.candidate_id, c.language, r.reviewer_id, r.decision, r.rubric, r.created_at
    from reviews r join candidates c on c.id = r.candidate_id
    where c.project_id = ${projectId}::uuid and r.kind = 'ANNOTATION'
      and not exists (select 1 from review_reopenings o where o.review_id = r.id)
      ${language ? Prisma.sql`and c.language = ${language}` : Prisma.empty}
      ${before ? Prisma.sql`and r.candidate_id < ${before}::uuid` : Prisma.empty}`;
}

/** Standing decisions with their item's count and later decision date, the item in the window. */
function windowedSql(projectId: string, { language, from, to }: Filter) {
  return Prisma.sql`
    with standing as (${standingSql(projectId, { language })}),
    windowed as (
      select s.*, count(*) over w as n, max(s.created_at) over w as last_at
      from standing s window w as (partition by s.candidate_id)
    )
    select * from windowed where true
      ${from ? Prisma.sql`and last_at >= ${from}::date` : Prisma.empty}
      ${to ? Prisma.sql`and last_at < ${to}::date + 1` : Prisma.empty}`;
}

/** Only the answers the report reads (scale and labels questions), not free text of any length. */
function answersSql(questions: RubricQuestion[]) {
  if (!questions.length) return Prisma.sql`null::jsonb`;
  return Prisma.sql`jsonb_strip_nulls(jsonb_build_object(${Prisma.join(
    questions.map((q) => Prisma.sql`${q.id}::text, rubric -> ${q.id}::text`),
  )}))`;
}

async function annotatorNames(db: Db, ids: Iterable<string>): Promise<Map<string, Annotator>> {
  const users = await db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, { id: u.id, name: u.name?.trim() || u.email }]));
}

async function projectOf(db: Db, projectId: string) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { slug: true, languages: true, settings: true } });
  if (!project) throw new AppError("NOT_FOUND", `No project ${projectId}.`);
  return { slug: project.slug, languages: project.languages, review: parseProjectSettings(project.settings).review };
}

const byLanguage = (summary: ReturnType<typeof summarizeAgreement>) =>
  Object.entries(summary.byLanguage).map(([language, figure]) => ({ language, ...figure }));

export async function agreementReport(db: Db, projectId: string, rawQuery: Record<string, string> = {}): Promise<AgreementReport> {
  const query = parseInput(AgreementQuery, rawQuery, "agreement query");
  const { review, languages } = await projectOf(db, projectId);
  const measured = review.rubric.filter((q) => q.kind !== "text");
  const windowed = windowedSql(projectId, query);

  const [rows, [counted], [statuses], judgeRows] = await Promise.all([
    db.$queryRaw<
      { item: string; language: string; annotator: string; decision: string; answers: Record<string, unknown> | null; last_at: Date }[]
    >`
      select candidate_id::text as item, language, reviewer_id::text as annotator, decision::text as decision,
        ${answersSql(measured)} as answers, last_at
      from (${windowed}) d where n >= 2`,
    db.$queryRaw<{ decisions: number }[]>`select count(*)::int as decisions from (${windowed}) d`,
    db.$queryRaw<{ disputed: number; adjudicated: number }[]>`
      select count(*) filter (where c.review_status = 'DISPUTED')::int as disputed,
        count(*) filter (where exists (
          select 1 from reviews r where r.candidate_id = c.id and r.kind = 'ADJUDICATION'
            and not exists (select 1 from review_reopenings o where o.review_id = r.id)))::int as adjudicated
      from candidates c where c.project_id = ${projectId}::uuid
        and (c.review_status = 'DISPUTED' or exists (select 1 from reviews r where r.candidate_id = c.id and r.kind = 'ADJUDICATION'))
        ${query.language ? Prisma.sql`and c.language = ${query.language}` : Prisma.empty}`,
    judgeData(db, projectId, review.rubric, windowed),
  ]);

  const decisions: Annotation[] = rows.map((r) => ({ itemId: r.item, language: r.language, annotator: r.annotator, value: r.decision }));
  const summary = summarizeAgreement(decisions);
  const names = await annotatorNames(
    db,
    rows.map((r) => r.annotator),
  );
  const nameOf = (id: string): Annotator => names.get(id) ?? { id, name: id };

  // Weeks by the item's later decision: every annotation of an item falls in that item's week.
  const weeks = new Map<string, Annotation[]>();
  rows.forEach((r, i) => {
    const week = weekOf(r.last_at);
    const list = weeks.get(week) ?? [];
    list.push(decisions[i]!);
    weeks.set(week, list);
  });
  const weekly = [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, annotations]) => ({ week, ...agreementFigure(annotations) }));

  const disagreeing = new Map<string, Set<string>>();
  for (const d of decisions) disagreeing.set(d.itemId, (disagreeing.get(d.itemId) ?? new Set()).add(String(d.value)));

  return {
    projectId,
    from: query.from ?? null,
    to: query.to ?? null,
    language: query.language ?? null,
    languages,
    settings: {
      overlap: review.overlap,
      overlapByLanguage: review.overlapByLanguage as Record<string, number>,
      overlapShare: review.overlapShare,
      rubricQuestions: review.rubric.length,
    },
    counts: {
      decisions: counted?.decisions ?? 0,
      overlapped: summary.overall.items,
      disagreeing: [...disagreeing.values()].filter((values) => values.size > 1).length,
      disputed: statuses?.disputed ?? 0,
      adjudicated: statuses?.adjudicated ?? 0,
    },
    decisions: {
      overall: summary.overall,
      byLanguage: byLanguage(summary),
      pairs: summary.pairs.map((p) => ({ ...p, a: nameOf(p.a), b: nameOf(p.b) })),
      weekly,
    },
    rubric: measured.map((q) => rubricFigure(q, rows)),
    judge: judgeFigures(judgeRows),
  };
}

/** A rubric question's agreement; see RubricQuestionFigure for how labels are read. */
function rubricFigure(
  q: Exclude<RubricQuestion, { kind: "text" }>,
  rows: { item: string; language: string; annotator: string; answers: Record<string, unknown> | null }[],
): RubricQuestionFigure {
  const base = { id: q.id, label: q.label, kind: q.kind, aspect: q.kind === "scale" ? (q.aspect ?? null) : null };
  const answered = rows.flatMap((r) => {
    const answer = r.answers?.[q.id];
    return answer === undefined || answer === null ? [] : [{ ...r, answer }];
  });
  if (q.kind === "scale") {
    const scores = answered.flatMap((r) =>
      typeof r.answer === "number" ? [{ itemId: r.item, language: r.language, annotator: r.annotator, value: r.answer }] : [],
    );
    const summary = summarizeAgreement(scores, "interval");
    return { ...base, figure: summary.overall, byLanguage: byLanguage(summary), labels: [] };
  }
  const picks = answered.flatMap((r) => (Array.isArray(r.answer) ? [{ ...r, picked: r.answer.map(String) }] : []));
  const labels = q.options.map((label) => ({
    label,
    figure: agreementFigure(
      picks.map((r) => ({ itemId: r.item, language: r.language, annotator: r.annotator, value: r.picked.includes(label) ? "yes" : "no" })),
    ),
  }));
  if (q.multiple) return { ...base, figure: null, byLanguage: [], labels };
  const single = summarizeAgreement(
    picks.map((r) => ({ itemId: r.item, language: r.language, annotator: r.annotator, value: r.picked[0] ?? "(none)" })),
  );
  return { ...base, figure: single.overall, byLanguage: byLanguage(single), labels };
}

type JudgeRow = { item: string; language: string; aspect: Aspect; human: number; judge: number };

/**
 * Per item and aspect, the mean human score (every standing annotation that answered a scale question
 * naming the aspect, one annotator enough) and the scorer's score on that aspect ("total": the item's
 * total_score); items the scorer left without a score on it (N/A) are left out.
 */
async function judgeData(db: Db, projectId: string, rubric: RubricQuestion[], windowed: Prisma.Sql): Promise<JudgeRow[]> {
  const aspects = rubric.flatMap((q) => (q.kind === "scale" && q.aspect ? [[q.id, q.aspect] as const] : []));
  if (!aspects.length) return [];
  const questions = Prisma.join(aspects.map(([id, aspect]) => Prisma.sql`(${id}::text, ${aspect}::text)`));
  return db.$queryRaw<JudgeRow[]>`
    with q(qid, aspect) as (values ${questions}),
    human as (
      select d.candidate_id, q.aspect, avg((d.rubric ->> q.qid)::float8) as human
      from (${windowed}) d join q on jsonb_typeof(d.rubric -> q.qid) = 'number'
      group by 1, 2
    ),
    paired as (
      select h.candidate_id::text as item, c.language, h.aspect, h.human,
        case when h.aspect = 'total' then c.total_score
        else (select (e ->> 'score')::float8 from jsonb_array_elements(case when jsonb_typeof(c.scores) = 'array' then c.scores else '[]'::jsonb end) e
              where e ->> 'expert' = h.aspect and jsonb_typeof(e -> 'score') = 'number' limit 1) end as judge
      from human h join candidates c on c.id = h.candidate_id
    )
    select * from paired where judge is not null order by aspect, language, item`;
}

function judgeFigure(aspect: Aspect, language: string | null, rows: JudgeRow[]): JudgeFigure {
  const humans = rows.map((r) => r.human);
  const judges = rows.map((r) => r.judge);
  const figures = {
    n: rows.length,
    pearson: pearson(judges, humans),
    spearman: spearman(judges, humans),
    mad: meanAbsoluteDifference(judges, humans),
    meanSigned: rows.length ? rows.reduce((sum, r) => sum + r.judge - r.human, 0) / rows.length : null,
  };
  return { aspect, language, ...figures, trust: judgeTrust(figures) };
}

/** Per aspect: all languages first (language null), then each language. */
function judgeFigures(rows: JudgeRow[]): JudgeFigure[] {
  const out: JudgeFigure[] = [];
  for (const aspect of [...new Set(rows.map((r) => r.aspect))]) {
    const ofAspect = rows.filter((r) => r.aspect === aspect);
    out.push(judgeFigure(aspect, null, ofAspect));
    for (const language of [...new Set(ofAspect.map((r) => r.language))].sort())
      out.push(
        judgeFigure(
          aspect,
          language,
          ofAspect.filter((r) => r.language === language),
        ),
      );
  }
  return out;
}

/**
 * Items whose standing annotator decisions disagree, or whose answers to a scale question differ by
 * two points or more, newest item first, in keyset pages on the item's id (uuidv7: creation order);
 * `from`/`to` window by the item's later standing decision, as the report does.
 */
export async function disagreementPage(db: Db, projectId: string, rawQuery: Record<string, string> = {}): Promise<DisagreementPage> {
  const { language, from, to, cursor, limit } = parseInput(DisagreementQuery, rawQuery, "disagreements query");
  const { slug, review } = await projectOf(db, projectId);
  const scales = review.rubric.filter((q) => q.kind === "scale");
  const score = (id: string) =>
    Prisma.sql`(case when jsonb_typeof(s.rubric -> ${id}::text) = 'number' then (s.rubric ->> ${id}::text)::float8 end)`;
  const scaleDiffers = scales.length
    ? Prisma.join(
        scales.map((q) => Prisma.sql`coalesce(max(${score(q.id)}) - min(${score(q.id)}) >= 2, false)`),
        " or ",
      )
    : Prisma.sql`false`;
  const found = await db.$queryRaw<{ item: string; decision_differs: boolean; scale_differs: boolean }[]>`
    with s as (${standingSql(projectId, { language, before: cursor })})
    select * from (
      select s.candidate_id::text as item, count(distinct s.decision) > 1 as decision_differs, (${scaleDiffers}) as scale_differs
      from s group by s.candidate_id having count(*) >= 2
        ${from ? Prisma.sql`and max(s.created_at) >= ${from}::date` : Prisma.empty}
        ${to ? Prisma.sql`and max(s.created_at) < ${to}::date + 1` : Prisma.empty}
    ) g where decision_differs or scale_differs
    order by item desc limit ${limit + 1}`;
  const page = found.slice(0, limit);
  const ids = page.map((f) => f.item);
  const [candidates, reviews] = await Promise.all([
    db.candidate.findMany({ where: { id: { in: ids } }, select: { id: true, language: true, reviewStatus: true } }),
    db.review.findMany({
      where: { candidateId: { in: ids }, reopening: null },
      orderBy: { createdAt: "asc" },
      select: { candidateId: true, kind: true, decision: true, rubric: true, createdAt: true, reviewerId: true },
    }),
  ]);
  const names = await annotatorNames(
    db,
    reviews.map((r) => r.reviewerId),
  );
  const nameOf = (id: string): Annotator => names.get(id) ?? { id, name: id };
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const items: DisagreementItem[] = page.map((f) => {
    const candidate = byId.get(f.item)!;
    const own = reviews.filter((r) => r.candidateId === f.item);
    const adjudication = own.findLast((r) => r.kind === "ADJUDICATION");
    return {
      id: f.item,
      language: candidate.language,
      reviewStatus: candidate.reviewStatus,
      reasons: [...(f.decision_differs ? ["decision" as const] : []), ...(f.scale_differs ? ["scale" as const] : [])],
      decisions: own
        .filter((r) => r.kind === "ANNOTATION")
        .map((r) => {
          const answers = (r.rubric ?? {}) as Record<string, unknown>;
          const scores = Object.fromEntries(
            scales.flatMap((q) => (typeof answers[q.id] === "number" ? [[q.id, answers[q.id] as number]] : [])),
          );
          return { annotator: nameOf(r.reviewerId), decision: r.decision, at: r.createdAt.toISOString(), scores };
        }),
      adjudication: adjudication
        ? { decision: adjudication.decision, by: nameOf(adjudication.reviewerId).name, at: adjudication.createdAt.toISOString() }
        : null,
      href: `/projects/${encodeURIComponent(slug)}/review?item=${f.item}`,
    };
  });
  return { items, nextCursor: found.length > limit ? page.at(-1)!.item : null };
}
