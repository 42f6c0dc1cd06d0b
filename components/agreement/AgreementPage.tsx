"use client";

import Link from "next/link";
import { useState } from "react";
import { LanguageAgreementTable, PairAgreementTable, RubricAgreementTable } from "@/components/agreement/AgreementTables";
import { DisagreementList } from "@/components/agreement/DisagreementList";
import { FigureValue, percentOf } from "@/components/agreement/format";
import { JudgeTable } from "@/components/agreement/JudgeTable";
import { WeeklyAgreementChart } from "@/components/charts/WeeklyAgreementChart";
import { useAgreement, type AgreementFilters } from "@/components/data/agreement";
import { EmptyState } from "@/components/EmptyState";
import { ErrorNote } from "@/components/ErrorNote";
import type { AgreementReport } from "@/lib/review/agreement/report-types";

const input = "rounded-md border border-slate-300 px-2 py-1 text-sm";
const number = new Intl.NumberFormat("en");

function Figures({ report, slug }: { report: AgreementReport; slug: string }) {
  const { overall } = report.decisions;
  const counts = report.counts;
  return (
    <section className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4" data-testid="agreement-headline">
      <div className="col-span-2 rounded-md border border-slate-200 bg-white p-3 shadow-sm" data-testid="agreement-overall">
        <div className="text-xs uppercase tracking-wide text-slate-500">
          Decisions: {overall.method === "kappa" ? "Cohen's κ" : "Krippendorff's α"}
        </div>
        <div className="text-xl">
          <FigureValue figure={overall} />
        </div>
        <div className="text-slate-600">
          {number.format(overall.items)} items · {overall.annotators} annotators · {percentOf(overall.percent)} agree
        </div>
      </div>
      <div className="rounded-md border border-slate-200 bg-white p-3 shadow-sm">
        <div className="text-xs uppercase tracking-wide text-slate-500">In disagreement</div>
        <div className="text-xl tabular-nums">{number.format(counts.disagreeing)}</div>
        <div className="text-slate-600">{number.format(counts.adjudicated)} adjudicated</div>
      </div>
      <div className="rounded-md border border-slate-200 bg-white p-3 shadow-sm" data-testid="agreement-disputed">
        <div className="text-xs uppercase tracking-wide text-slate-500">Disputed</div>
        <div className="text-xl tabular-nums">{number.format(counts.disputed)}</div>
        {counts.disputed > 0 ? (
          <Link href={`/projects/${slug}/review?review=DISPUTED`} className="text-brand hover:underline">
            Adjudicate →
          </Link>
        ) : (
          <div className="text-slate-600">none awaits a curator</div>
        )}
      </div>
    </section>
  );
}

/** What the numbers mean, with the bands the page colours by. */
function Scale() {
  return (
    <details className="text-sm text-slate-600" data-testid="agreement-scale">
      <summary className="cursor-pointer">How to read κ and α</summary>
      <div className="mt-2 max-w-3xl space-y-1">
        <p>
          Both measure agreement beyond chance: 1 is perfect, 0 is what chance alone gives, below 0 is worse than chance. Cohen&apos;s κ is
          used where the same two annotators decided every item; Krippendorff&apos;s α where there are more, or the pairs vary (α allows
          missing answers).
        </p>
        <p>
          κ, after Landis &amp; Koch (1977): below 0 poor, up to 0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80 substantial,
          above 0.80 almost perfect. α, after Krippendorff (2004): 0.80 or more reliable, 0.667–0.80 tentative conclusions only, below 0.667
          unreliable. Scale questions are compared as intervals (a 4 against a 5 counts less than a 1 against a 5).
        </p>
      </div>
    </details>
  );
}

/** The empty state: what to change so that items get two annotators. */
function NoOverlap({ report, slug }: { report: AgreementReport; slug: string }) {
  const { overlap, overlapByLanguage, overlapShare } = report.settings;
  const anyOverlap = overlap > 1 || Object.values(overlapByLanguage).some((n) => n > 1);
  return (
    <EmptyState
      testId="agreement-empty"
      href={anyOverlap ? `/projects/${slug}/review` : `/projects/${slug}/settings`}
      action={anyOverlap ? "Review" : "Settings"}
    >
      {anyOverlap
        ? `No item has two standing annotator decisions yet${report.from || report.to || report.language ? " in this selection" : ""}: items need ${overlap} annotators${overlapShare < 1 ? ` (${Math.round(overlapShare * 100)} % of them)` : ""}, and each annotator finds the ones they have not decided in their review queue.`
        : "Every item needs one annotator, so there is nothing to compare: set review.overlap to 2 in Settings (or per language, or for a share of items as a spot check) so items get two annotators."}
    </EmptyState>
  );
}

/**
 * A project's agreement: how much its annotators agree on decisions (overall, per language, per pair,
 * per week) and on the rubric, the items where they disagree, and whether the LLM judge scores as the
 * humans do.
 */
export function AgreementPage({ slug }: { slug: string }) {
  const [filters, setFilters] = useState<AgreementFilters>({ language: "", from: "", to: "" });
  const agreement = useAgreement(slug, filters);
  const report = agreement.data;
  const set = (name: keyof AgreementFilters) => (event: { target: { value: string } }) =>
    setFilters((current) => ({ ...current, [name]: event.target.value }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Agreement</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        How much the annotators agree where two or more decided the same item, counted on their standing decisions (a reopened decision and
        a curator&apos;s adjudication are not counted), and how the automatic scorer&apos;s scores compare with theirs.
      </p>
      <div className="flex flex-wrap items-end gap-3 text-sm" data-testid="agreement-filters">
        <label className="flex flex-col gap-1">
          Language
          <select className={input} value={filters.language} onChange={set("language")} data-testid="agreement-language">
            <option value="">all</option>
            {(report?.languages ?? []).map((language) => (
              <option key={language}>{language}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          From
          <input type="date" className={input} value={filters.from} onChange={set("from")} />
        </label>
        <label className="flex flex-col gap-1">
          To
          <input type="date" className={input} value={filters.to} onChange={set("to")} />
        </label>
      </div>
      {agreement.error && <ErrorNote testId="agreement-error">{agreement.error.message}</ErrorNote>}
      {!report && !agreement.error && <p className="text-sm text-slate-500">Loading…</p>}
      {report && (
        <>
          <Figures report={report} slug={slug} />
          <Scale />
          {report.decisions.overall.items === 0 && <NoOverlap report={report} slug={slug} />}
          <section className="grid min-w-0 gap-6 lg:grid-cols-2">
            <div className="min-w-0 space-y-2">
              <h2 className="font-medium">Per language</h2>
              <LanguageAgreementTable rows={report.decisions.byLanguage} />
            </div>
            <div className="min-w-0 space-y-2">
              <h2 className="font-medium">Who agrees with whom</h2>
              <PairAgreementTable rows={report.decisions.pairs} />
            </div>
          </section>
          <WeeklyAgreementChart weeks={report.decisions.weekly} />
          <section className="space-y-2">
            <h2 className="font-medium">Rubric</h2>
            {report.settings.rubricQuestions === 0 ? (
              <EmptyState testId="agreement-rubric-empty" href={`/projects/${slug}/settings`} action="Settings">
                No rubric: add questions (1–5 scales on the scorer&apos;s aspects, labels, text) under review.rubric in Settings, and
                annotators answer them with each decision.
              </EmptyState>
            ) : (
              <RubricAgreementTable questions={report.rubric} />
            )}
          </section>
          <section className="space-y-2">
            <h2 className="font-medium">LLM judge vs humans</h2>
            <p className="max-w-3xl text-sm text-slate-600">
              Per item, the annotators&apos; mean score against the scorer&apos;s on the same aspect. Green (trust the scorer): Pearson r ≥
              0.7 and a mean absolute difference (MAD) of at most 0.75 points; red (humans needed): r below 0.4 or MAD above 1.25; amber
              between; grey under 10 items. Judge − humans above 0: the scorer is more generous.
            </p>
            {report.judge.length ? (
              <JudgeTable rows={report.judge} />
            ) : (
              <EmptyState testId="agreement-judge-empty" href={`/projects/${slug}/settings`} action="Settings">
                No human score to hold the scorer to yet: give a rubric scale question one of the scorer&apos;s aspects (e.g. clarity, or
                total for the total score) and the answers are compared with the scorer&apos;s.
              </EmptyState>
            )}
          </section>
        </>
      )}
      <section className="space-y-2">
        <h2 className="font-medium">Items in disagreement</h2>
        <DisagreementList slug={slug} filters={filters} />
      </section>
    </div>
  );
}
