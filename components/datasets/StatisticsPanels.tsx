"use client";

import { Figure, LanguageSourceChart, LengthHistogram, PassRateChart } from "@/components/datasets/charts";
import { count, rate, score } from "@/components/datasets/format";
import { LanguageTable } from "@/components/datasets/LanguageTable";
import { SOURCE_LABELS, SOURCES, type VersionStatistics } from "@/components/datasets/schemas";

/** The headline figures of a version, as tiles (used alone and side by side when comparing). */
export function SummaryTiles({ statistics, testId = "version-totals" }: { statistics: VersionStatistics; testId?: string }) {
  const tiles: [string, string][] = [
    ["Items", count(statistics.total)],
    ["DPO pairs", count(statistics.pairs)],
    ["Verified", count(statistics.verified)],
    ["Tests pass", rate(statistics.passRate)],
    ["Mean score", score(statistics.meanScore)],
    ...SOURCES.map((source): [string, string] => [SOURCE_LABELS[source], count(statistics.bySource[source])]),
  ];
  return (
    <section className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-5" data-testid={testId}>
      {tiles.map(([label, value]) => (
        <div key={label} className="rounded-md border border-slate-200 bg-white p-3 shadow-sm">
          <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
          <div className="text-xl tabular-nums">{value}</div>
        </div>
      ))}
    </section>
  );
}

/** A version's figures as charts and the per-language table: the statistics page's body. */
export function StatisticsPanels({ statistics }: { statistics: VersionStatistics }) {
  return (
    <div className="space-y-6">
      <SummaryTiles statistics={statistics} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Figure title="Items per language, by source" testId="chart-languages">
          <LanguageSourceChart languages={statistics.languages} />
        </Figure>
        <Figure title="Tests pass, per language (verified items)" testId="chart-pass-rate">
          <PassRateChart languages={statistics.languages} />
        </Figure>
        <Figure title={`Problem length (tokens, ${statistics.tokenizer})`} testId="chart-problem-lengths">
          <LengthHistogram bins={statistics.lengths.problem} color="#6366f1" />
        </Figure>
        <Figure title={`Solution length (tokens, ${statistics.tokenizer})`} testId="chart-solution-lengths">
          <LengthHistogram bins={statistics.lengths.solution} color="#0ea5e9" />
        </Figure>
      </div>
      <section className="space-y-2">
        <h2 className="font-medium">Per language</h2>
        <LanguageTable languages={statistics.languages} />
      </section>
    </div>
  );
}
