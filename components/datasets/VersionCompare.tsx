"use client";

import { useRouter } from "next/navigation";
import { DataTable, type Column } from "@/components/DataTable";
import { ErrorNote } from "@/components/ErrorNote";
import { CompareCountsChart, DiffChart, Figure } from "@/components/datasets/charts";
import { DiffItems } from "@/components/datasets/DiffItems";
import { count, rate } from "@/components/datasets/format";
import { SummaryTiles } from "@/components/datasets/StatisticsPanels";
import type { VersionDiff, VersionStatistics } from "@/components/datasets/schemas";
import { useVersion, useVersionDiff, useVersions } from "@/components/data/datasets";

const DIFF_COLUMNS: Column<VersionDiff["languages"][number]>[] = [
  { header: "Language", cell: (l) => l.language },
  { header: "Added", align: "right", cellClassName: "text-emerald-700", cell: (l) => count(l.added) },
  { header: "Removed", align: "right", cellClassName: "text-rose-700", cell: (l) => count(l.removed) },
  { header: "Changed", align: "right", cellClassName: "text-amber-700", cell: (l) => count(l.changed) },
];

/**
 * This version against another: what was added, removed and changed per language (a table and a
 * chart) and item by item, then both versions' figures side by side. The other tag lives in the URL (?against=),
 * so a comparison can be linked to.
 */
export function VersionCompare({ slug, tag, against }: { slug: string; tag: string; against: string | null }) {
  const router = useRouter();
  const versions = useVersions(slug);
  const diff = useVersionDiff(slug, tag, against);
  const other = useVersion(slug, against);
  const self = useVersion(slug, tag);
  const choices = versions.data?.versions.filter((v) => v.tag !== tag && v.status === "READY") ?? [];
  const choose = (next: string) => router.replace(next ? `?against=${encodeURIComponent(next)}` : "?", { scroll: false });
  return (
    <section className="space-y-4" data-testid="version-compare">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="font-medium">Compare</h2>
        <label className="flex items-center gap-2 text-sm">
          with version
          <select
            value={against ?? ""}
            onChange={(e) => choose(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
            data-testid="compare-select"
          >
            <option value="">(choose)</option>
            {choices.map((v) => (
              <option key={v.id} value={v.tag}>
                {v.tag}
              </option>
            ))}
          </select>
        </label>
        {versions.data && choices.length === 0 && <span className="text-sm text-slate-500">No other ready version to compare with.</span>}
      </div>
      {diff.error && <ErrorNote testId="compare-error">{diff.error.message}</ErrorNote>}
      {against && diff.data && (
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            From <span className="font-mono">{against}</span> to <span className="font-mono">{tag}</span>: added items are in {tag} only,
            removed ones in {against} only, changed ones in both with different content.
          </p>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <DataTable
              testId="diff-table"
              className="h-fit"
              bodyClassName="tabular-nums"
              columns={DIFF_COLUMNS}
              rows={diff.data.languages}
              rowKey={(l) => l.language}
              rowAttributes={(l) => ({ "data-testid": "diff-row", "data-language": l.language })}
              empty="The two versions hold the same items."
            />
            <Figure title="Added, removed, changed per language" testId="chart-diff">
              <DiffChart languages={diff.data.languages} />
            </Figure>
          </div>
          <DiffItems slug={slug} tag={tag} against={against} />
        </div>
      )}
      {against && other.data?.statistics && self.data?.statistics && (
        <SideBySide fromTag={against} toTag={tag} from={other.data.statistics} to={self.data.statistics} />
      )}
    </section>
  );
}

function SideBySide({ fromTag, toTag, from, to }: { fromTag: string; toTag: string; from: VersionStatistics; to: VersionStatistics }) {
  const languages = [...new Set([...from.languages, ...to.languages].map((l) => l.language))].sort();
  const find = (s: VersionStatistics, language: string) => s.languages.find((l) => l.language === language);
  const rows = languages.map((language) => ({ language, from: find(from, language)?.total ?? 0, to: find(to, language)?.total ?? 0 }));
  return (
    <div className="space-y-4" data-testid="compare-side-by-side">
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {[
          [fromTag, from],
          [toTag, to],
        ].map(([label, statistics]) => (
          <div key={label as string} className="space-y-2">
            <h3 className="font-mono text-sm font-medium">{label as string}</h3>
            <SummaryTiles statistics={statistics as VersionStatistics} testId="compare-totals" />
          </div>
        ))}
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <DataTable
          testId="compare-language-table"
          className="h-fit"
          bodyClassName="tabular-nums"
          columns={[
            { header: "Language", cell: (row) => row.language },
            { header: `Items ${fromTag}`, align: "right", cell: (row) => count(row.from) },
            { header: `Items ${toTag}`, align: "right", cell: (row) => count(row.to) },
            { header: `Pass ${fromTag}`, align: "right", cell: (row) => rate(find(from, row.language)?.passRate) },
            { header: `Pass ${toTag}`, align: "right", cell: (row) => rate(find(to, row.language)?.passRate) },
          ]}
          rows={rows}
          rowKey={(row) => row.language}
        />
        <Figure title="Items per language in both versions" testId="chart-compare-counts">
          <CompareCountsChart rows={rows} fromTag={fromTag} toTag={toTag} />
        </Figure>
      </div>
    </div>
  );
}
