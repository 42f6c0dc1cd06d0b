"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { SOURCE_LABELS, SOURCES, type Bin, type LanguageStatistics } from "@/components/datasets/schemas";

/** One colour per source, the same in every chart and the card's table. */
export const SOURCE_COLORS: Record<(typeof SOURCES)[number], string> = {
  DS1: "#0ea5e9",
  DS2: "#6366f1",
  DS3: "#10b981",
  HUMAN_EDIT: "#f59e0b",
  IMPORTED: "#64748b",
};

const chartStyle = { width: "100%", height: 260 } as const;

/** A chart with its heading; the test id marks the figure, so a test can see it rendered bars. */
export function Figure({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <figure className="space-y-2 rounded-md border border-slate-200 bg-white p-3 shadow-sm" data-testid={testId}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      {children}
    </figure>
  );
}

/** Items per language, stacked by where they came from (Ds1, Ds2, Ds3, human edits). */
export function LanguageSourceChart({ languages }: { languages: LanguageStatistics[] }) {
  const data = languages.map((l) => ({ language: l.language, ...l.bySource }));
  return (
    <BarChart responsive style={chartStyle} data={data}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="language" />
      <YAxis allowDecimals={false} />
      <Tooltip />
      <Legend />
      {SOURCES.map((source) => (
        <Bar
          key={source}
          dataKey={source}
          name={SOURCE_LABELS[source]}
          stackId="source"
          fill={SOURCE_COLORS[source]}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

/** Share of verified items whose tests pass, per language (languages with nothing verified show no bar). */
export function PassRateChart({ languages }: { languages: LanguageStatistics[] }) {
  const data = languages.map((l) => ({ language: l.language, passRate: l.passRate === null ? null : Math.round(l.passRate * 1000) / 10 }));
  return (
    <BarChart responsive style={chartStyle} data={data}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="language" />
      <YAxis domain={[0, 100]} unit="%" />
      <Tooltip formatter={(value) => `${String(value)}%`} />
      <Bar dataKey="passRate" name="Tests pass" fill="#10b981" isAnimationActive={false} />
    </BarChart>
  );
}

/** Token lengths as a histogram (the paper's Fig. 6): one bar per bin. */
export function LengthHistogram({ bins, color }: { bins: Bin[]; color: string }) {
  const data = bins.map((bin) => ({ range: `${bin.from}–${bin.to}`, count: bin.count }));
  return (
    <BarChart responsive style={chartStyle} data={data} barCategoryGap={1}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="range" tick={{ fontSize: 11 }} />
      <YAxis allowDecimals={false} />
      <Tooltip />
      <Bar dataKey="count" name="Items" fill={color} isAnimationActive={false} />
    </BarChart>
  );
}

/** Per language: items added, removed and changed from one version to the other. */
export function DiffChart({ languages }: { languages: { language: string; added: number; removed: number; changed: number }[] }) {
  return (
    <BarChart responsive style={chartStyle} data={languages}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="language" />
      <YAxis allowDecimals={false} />
      <Tooltip />
      <Legend />
      <Bar dataKey="added" name="Added" fill="#10b981" isAnimationActive={false} />
      <Bar dataKey="removed" name="Removed" fill="#f43f5e" isAnimationActive={false} />
      <Bar dataKey="changed" name="Changed" fill="#f59e0b" isAnimationActive={false} />
    </BarChart>
  );
}

/** Items per language in two versions, side by side. */
export function CompareCountsChart({
  rows,
  fromTag,
  toTag,
}: {
  rows: { language: string; from: number; to: number }[];
  fromTag: string;
  toTag: string;
}) {
  return (
    <BarChart responsive style={chartStyle} data={rows}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="language" />
      <YAxis allowDecimals={false} />
      <Tooltip />
      <Legend />
      <Bar dataKey="from" name={fromTag} fill="#94a3b8" isAnimationActive={false} />
      <Bar dataKey="to" name={toTag} fill="#4f46e5" isAnimationActive={false} />
    </BarChart>
  );
}
